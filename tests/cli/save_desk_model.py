"""The deterministic journey of the cost tests (uncertain_cost_test.py, decide_cost_tornado_test.py),
and its closed forms.

One paying stage (revenue 100, no cost to serve, gross margin 0.8: margin 80 per customer and
month) churning 10% a month into an absorbing stage; 1,000 customers, no inflow, horizon 12, no
discounting, no parameter uncertainty. A fix lowering churn to 5% from period 0 gives, in
expected mode, x(t) = 1000·0.9^t without it and 1000·0.95^t with it, so by hand:

  B = Σ_{t<12} 80·1000·(0.95^t − 0.9^t)   incremental margin
  S = Σ_{t<12} 1000·0.95^t                  customer-periods in the affected stage
"""
MODEL = """journey: {name: save desk, period: month, horizon: 12, discount_rate: 0, gross_margin: 0.8}
stages:
  - {id: paying, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  paying: {churned: 0.10}
population: {initial: {paying: 1000}}
"""
B = sum(80 * 1000 * (0.95 ** t - 0.9 ** t) for t in range(12))
S = sum(1000 * 0.95 ** t for t in range(12))
