# Produces the R markovchain oracle for tests/unit/calibrate/r_markovchain_test.cpp.
# Run once from this directory:  Rscript make_r_fixture.R
# (R 4.2.2, markovchain 0.9.1 from Debian r-cran-markovchain). Writes:
#   r_sequences_events.csv  the sequences as an event log: one row per customer and month,
#                           dated the 15th of the month, 2024-01 .. 2024-12
#   r_markovchain_mle.csv   markovchainFit(method = "mle") of the same sequences, %.17g
suppressMessages(library(markovchain))
set.seed(20240101)
states <- c("alpha", "beta", "gamma", "delta")
truth <- matrix(c(0.6, 0.2, 0.1, 0.1,
                  0.1, 0.5, 0.3, 0.1,
                  0.2, 0.2, 0.4, 0.2,
                  0.3, 0.1, 0.1, 0.5), nrow = 4, byrow = TRUE, dimnames = list(states, states))
customers <- 80
periods <- 12
sequences <- matrix("", nrow = customers, ncol = periods)
for (i in 1:customers) {
  s <- sample(states, 1)
  for (t in 1:periods) {
    sequences[i, t] <- s
    s <- sample(states, 1, prob = truth[s, ])
  }
}
fit <- markovchainFit(data = sequences, method = "mle")
estimate <- fit$estimate@transitionMatrix
rows <- c("customer_id,timestamp,stage")
for (i in 1:customers)
  for (t in 1:periods)
    rows <- c(rows, sprintf("r%03d,2024-%02d-15T12:00:00Z,%s", i, t, sequences[i, t]))
writeLines(rows, "r_sequences_events.csv")
out <- c("from,to,probability")
for (from in rownames(estimate))
  for (to in colnames(estimate))
    out <- c(out, sprintf("%s,%s,%.17g", from, to, estimate[from, to]))
writeLines(out, "r_markovchain_mle.csv")
