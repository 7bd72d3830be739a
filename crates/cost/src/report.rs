//! The cost of a function: per-op costs summed per engine and per op kind, rendered as an
//! aligned text table or as JSON.

use crate::target::{Engine, Target};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The estimated cost of one op on its engine.
#[derive(Clone, Debug, PartialEq)]
pub struct OpCost {
    /// The op's name (`nhw.matmult`, …).
    pub op: String,
    /// The engine it runs on.
    pub engine: Engine,
    /// Estimated busy time of that engine, in seconds.
    pub seconds: f64,
    /// Arithmetic operations performed (for a PE transpose: those of the identity matmult).
    pub flops: f64,
    /// Bytes the op writes (for a DMA op: the payload it moves; 0 for a reshape).
    pub bytes: f64,
}

/// The cost of a function on a target.
#[derive(Clone, Debug, PartialEq)]
pub struct CostReport {
    /// The target the costs are for.
    pub target: Target,
    /// The function costed.
    pub entry: String,
    /// Each costed op, in block order.
    pub ops: Vec<OpCost>,
    /// Busy seconds of each engine (every engine present, 0 when idle).
    pub per_engine: BTreeMap<Engine, f64>,
    /// Total time if no two ops overlapped: the sum of every op's seconds.
    pub serial_seconds: f64,
    /// Per op name: how many ops, and their total seconds.
    pub per_op_kind: BTreeMap<String, (usize, f64)>,
    /// Sum of the ops' FLOPs.
    pub total_flops: f64,
    /// Sum of the ops' bytes.
    pub total_bytes: f64,
}

impl CostReport {
    /// Sums per-op costs into a report.
    pub fn from_ops(target: Target, entry: &str, ops: Vec<OpCost>) -> CostReport {
        let mut per_engine: BTreeMap<Engine, f64> = Engine::ALL.iter().map(|&e| (e, 0.0)).collect();
        let mut per_op_kind: BTreeMap<String, (usize, f64)> = BTreeMap::new();
        for c in &ops {
            *per_engine.entry(c.engine).or_default() += c.seconds;
            let kind = per_op_kind.entry(c.op.clone()).or_default();
            kind.0 += 1;
            kind.1 += c.seconds;
        }
        CostReport {
            target,
            entry: entry.to_string(),
            serial_seconds: ops.iter().map(|c| c.seconds).sum(),
            total_flops: ops.iter().map(|c| c.flops).sum(),
            total_bytes: ops.iter().map(|c| c.bytes).sum(),
            ops,
            per_engine,
            per_op_kind,
        }
    }

    /// `seconds` as a fraction of the serial total (0 when the total is 0).
    fn fraction(&self, seconds: f64) -> f64 {
        if self.serial_seconds > 0.0 {
            seconds / self.serial_seconds
        } else {
            0.0
        }
    }

    /// The share of the serial total taken by ops named `kind` (0 if none).
    pub fn share(&self, kind: &str) -> f64 {
        self.fraction(self.per_op_kind.get(kind).map_or(0.0, |k| k.1))
    }

    /// The share of the serial total spent on `engine`.
    pub fn engine_share(&self, engine: Engine) -> f64 {
        self.fraction(self.per_engine.get(&engine).copied().unwrap_or(0.0))
    }

    /// The busiest engine's time: a lower bound on the run time if engines overlap perfectly.
    pub fn engine_bound_seconds(&self) -> f64 {
        self.per_engine.values().copied().fold(0.0, f64::max)
    }

    /// The report as aligned text tables (times in microseconds).
    pub fn render(&self) -> String {
        let us = |s: f64| format!("{:.3}", s * 1e6);
        let pct = |f: f64| format!("{:.1}%", f * 100.0);
        let mut out = format!(
            "cost estimate of @{} on {} ({}, one core): {} ops\n\n",
            self.entry,
            self.target,
            self.target.core_name(),
            self.ops.len()
        );
        let mut engines = vec![row(&["engine", "busy (us)", "share"])];
        for (e, s) in &self.per_engine {
            engines.push(row(&[e.name(), &us(*s), &pct(self.fraction(*s))]));
        }
        let total = self.fraction(self.serial_seconds);
        engines.push(row(&[
            "serial total",
            &us(self.serial_seconds),
            &pct(total),
        ]));
        out += &table(&engines);
        out += &format!(
            "busiest engine (lower bound with full overlap): {} us\n\n",
            us(self.engine_bound_seconds())
        );
        let mut kinds = vec![row(&["op kind", "count", "time (us)", "share"])];
        for (k, (n, s)) in &self.per_op_kind {
            kinds.push(row(&[k, &n.to_string(), &us(*s), &pct(self.fraction(*s))]));
        }
        out += &table(&kinds);
        out
    }

    /// The report as a JSON object (seconds, shares as fractions, every op listed).
    pub fn to_json(&self) -> String {
        let mut engines = Map::new();
        for (e, s) in &self.per_engine {
            engines.insert(
                e.name().into(),
                json!({"seconds": s, "share": self.fraction(*s)}),
            );
        }
        let mut kinds = Map::new();
        for (k, (n, s)) in &self.per_op_kind {
            kinds.insert(
                k.clone(),
                json!({"count": n, "seconds": s, "share": self.fraction(*s)}),
            );
        }
        let ops: Vec<Value> = self
            .ops
            .iter()
            .map(|c| {
                json!({"op": c.op, "engine": c.engine.name(), "seconds": c.seconds,
                       "flops": c.flops, "bytes": c.bytes})
            })
            .collect();
        let v = json!({
            "target": self.target.name(),
            "entry": self.entry,
            "serial_seconds": self.serial_seconds,
            "engine_bound_seconds": self.engine_bound_seconds(),
            "total_flops": self.total_flops,
            "total_bytes": self.total_bytes,
            "engines": engines,
            "op_kinds": kinds,
            "ops": ops,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// A table row from string slices.
fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Lays rows out in columns: the first left-aligned, the others right-aligned (also used by
/// neuron-run's reports, so every table of the tools looks the same).
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c == 0 {
                line += &format!("{cell:<w$}", w = width[0]);
            } else {
                line += &format!("  {cell:>w$}", w = width[c]);
            }
        }
        out += line.trim_end();
        out.push('\n');
    }
    out
}
