# R markovchain peer for benchmarks/run_all: markovchainFit(method = "mle") on month-end stage
# sequences (one line per customer, comma-separated, as written by pandas_calibrate.py).
# Usage: Rscript r_markovchain.R SEQUENCES.txt
# Prints "r: SECONDS" for the fit alone (reading the file is not timed) and the estimate.
suppressMessages(library(markovchain))
args <- commandArgs(trailingOnly = TRUE)
sequences <- strsplit(readLines(args[1]), ",", fixed = TRUE)
elapsed <- system.time(fit <- markovchainFit(data = sequences, method = "mle"))[["elapsed"]]
cat(sprintf("r: %d sequences, %d states in %.3f s\n", length(sequences), sum(lengths(sequences)), elapsed))
print(round(fit$estimate@transitionMatrix, 6))
