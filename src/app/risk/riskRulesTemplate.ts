/**
 * A `risk_rules.yaml` with every rule at its default, commented: what a first run writes, and what
 * `fortress risk check` is tested against. Money limits are in currency units (250000 = 250,000.00).
 */
export const RISK_RULES_TEMPLATE = `# Fortress risk rules. Changes are picked up while running; an invalid edit is reported and ignored.
# Scopes: 'rules' are the defaults; 'accounts.<id>' and 'instruments.<id>' override them field by field
# (instrument > account > default). Every rule has 'enabled'.
rules:
  minConfidence: { enabled: true, min: 0.6 }                 # reject signals less sure than this (0..1)
  tradingHours: { enabled: true, allowExitsOutsideHours: false }
  orderRateLimit: { enabled: true, maxOrders: 10, windowMs: 1000 }   # per account, sliding window
  duplicateSignal: { enabled: true, windowMs: 60000 }       # same strategy/instrument/action
  maxOrdersPerDay: { enabled: true, limit: 500 }             # per account
  maxOrdersPerInstrumentPerDay: { enabled: true, limit: 500 }
  priceDeviation: { enabled: true, maxBps: 500 }             # limit price vs last trade (or maxPct)
  liquidityGuard:                                            # order vs recent average bar volume
    enabled: true
    maxPctOfAvgVolume: 10
    lookbackBars: 20
    resize: true                                             # resize down to the allowed lots instead of rejecting
    whenNoVolume: pass                                       # or reject
  maxOrderQuantity: { enabled: true, limit: 1000000 }
  maxOrderNotional: { enabled: true, limit: 10000000 }       # instrument currency units
  maxOpenPositionsPerInstrument: { enabled: true, limit: 2 }
  maxPositionPct: { enabled: true, limitPct: 5 }             # of equity, open orders included
  maxGrossExposure: { enabled: true, limitPct: 100, action: REDUCING }   # optional 'limit' in currency units
  maxNetExposure: { enabled: true, limitPct: 100, action: REDUCING }
  maxDailyLoss: { enabled: true, limitPct: 5, action: HALTED }           # from the previous day's equity
  maxDrawdown: { enabled: true, limitPct: 20, action: REDUCING }         # from the equity peak
accounts: {}
#  paper-1:
#    maxDailyLoss: { limitPct: 2 }
instruments: {}
#  NIFTY24NOVFUT.NFO:
#    maxOrderQuantity: { limit: 1800 }
holidays: {}
#  NSE: ['2024-01-26', '2024-03-08']
#  NYSE: ['2024-07-04']
monitor:
  intervalMs: 900000                                         # account limits are also checked on bars this often (fills and intents: always)
`;
