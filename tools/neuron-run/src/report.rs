//! The report of a hardware run on stdout: as text (a header with the target and pipeline, the
//! summary line of each output, the error table against the reference, the cost tables) or as
//! one JSON object holding all of it.

use crate::evaluate::{HardwareReport, OutputReport};
use crate::metrics::{Metrics, Tolerance, REL_FLOOR};
use crate::summary::fmt_g;
use neuron_cost::report::table;
use neuron_interp::nhw::Rounding;
use serde_json::{json, Value};

/// The report as text.
pub fn render_text(r: &HardwareReport) -> String {
    let mut out = header(r);
    for o in &r.outputs {
        out += &o.summary.text_line();
        out.push('\n');
    }
    if let Some(tol) = r.tolerance {
        out += &error_table(&r.outputs, tol);
    }
    if let Some(cost) = &r.cost {
        out.push('\n');
        out += &cost.render();
    }
    out
}

/// `target: …` and `pipeline: …` lines.
fn header(r: &HardwareReport) -> String {
    let target = r.plan.target;
    let default = match r.plan.default {
        Some(flag) => format!(
            " (no precision flag: {target}'s default {flag})",
            target = target.name()
        ),
        None => String::new(),
    };
    format!(
        "target: {} ({}), rounding: {}\npipeline: {}{default}\n",
        target.name(),
        core_name(target),
        rounding_text(r.rounding),
        r.plan.text()
    )
}

/// The NeuronCore generation of a target.
fn core_name(t: neuron_nhw::Target) -> &'static str {
    neuron_cost::Target::from(t).core_name()
}

/// `nearest-even` or `stochastic (seed N)`.
fn rounding_text(r: Rounding) -> String {
    match r {
        Rounding::NearestEven => "nearest-even".into(),
        Rounding::Stochastic { seed } => format!("stochastic (seed {seed})"),
    }
}

/// The table of error metrics, one row per compared output.
fn error_table(outputs: &[OutputReport], tol: Tolerance) -> String {
    let mut rows = vec![[
        "output", "max abs", "max rel", "rel L2", "cosine", "outside", "nan", "inf",
    ]
    .map(String::from)
    .to_vec()];
    for o in outputs {
        if let Some(m) = &o.metrics {
            rows.push(metric_row(&o.summary.name, m));
        }
    }
    format!(
        "\nerror against the FP32 reference (rtol={}, atol={}):\n{}\
         (outside: |run - ref| > atol + rtol*|ref|; max rel: over |ref| > {}; nan, inf: of this run)\n",
        tol.rtol,
        tol.atol,
        table(&rows),
        fmt_g(REL_FLOOR),
    )
}

/// One row of the error table (the percentage spaced from its sign, as ISO 80000 writes it).
fn metric_row(name: &str, m: &Metrics) -> Vec<String> {
    let opt = |x: Option<f64>| x.map_or("-".to_string(), fmt_g);
    vec![
        name.to_string(),
        opt(m.max_abs),
        opt(m.max_rel),
        opt(m.rel_l2),
        opt(m.cosine),
        format!("{} % ({})", fmt_g(m.outside_fraction() * 100.0), m.outside),
        m.nan.to_string(),
        m.inf.to_string(),
    ]
}

/// The report as one JSON object, one key per line: `target`, `rounding`, `pipeline`,
/// `default_precision`, `tolerance`, `outputs` (one compact object per output and line) and
/// `cost` (neuron-cost's own JSON, indented; `null` without one).
pub fn render_json(r: &HardwareReport) -> String {
    let (mode, seed) = match r.rounding {
        Rounding::NearestEven => ("nearest-even", None),
        Rounding::Stochastic { seed } => ("stochastic", Some(seed)),
    };
    let fields = [
        ("target", json!(r.plan.target.name())),
        ("rounding", json!({"mode": mode, "seed": seed})),
        ("pipeline", json!(r.plan.text())),
        ("default_precision", json!(r.plan.default)),
        (
            "tolerance",
            json!(r.tolerance.map(|t| json!({"rtol": t.rtol, "atol": t.atol}))),
        ),
    ];
    let mut out = String::from("{\n");
    for (key, value) in fields {
        out += &format!("  \"{key}\": {value},\n");
    }
    let outputs: Vec<String> = r
        .outputs
        .iter()
        .map(|o| format!("    {}", output_json(o)))
        .collect();
    out += &format!("  \"outputs\": [\n{}\n  ],\n", outputs.join(",\n"));
    let cost = match &r.cost {
        Some(c) => c.to_json().replace('\n', "\n  "),
        None => "null".into(),
    };
    out += &format!("  \"cost\": {cost}\n}}\n");
    out
}

/// One output: the run's summary fields, then `reference` and `error` (null without one).
fn output_json(o: &OutputReport) -> Value {
    let mut v = o.summary.to_json();
    if let Value::Object(map) = &mut v {
        map.insert(
            "reference".into(),
            o.reference.as_ref().map_or(Value::Null, |s| s.to_json()),
        );
        map.insert(
            "error".into(),
            o.metrics.as_ref().map_or(Value::Null, metrics_json),
        );
    }
    v
}

/// The metrics as JSON (an infinite relative L2 as the string `"inf"`).
pub fn metrics_json(m: &Metrics) -> Value {
    let num = |x: Option<f64>| match x {
        Some(x) if x.is_finite() => json!(x),
        Some(x) => json!(fmt_g(x)),
        None => Value::Null,
    };
    json!({
        "elements": m.elements,
        "compared": m.compared,
        "max_abs": num(m.max_abs),
        "max_rel": num(m.max_rel),
        "rel_l2": num(m.rel_l2),
        "cosine": num(m.cosine),
        "outside": m.outside,
        "outside_fraction": m.outside_fraction(),
        "nan": m.nan,
        "inf": m.inf,
        "reference_nan": m.ref_nan,
        "reference_inf": m.ref_inf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_rows_format_every_field() {
        let m = Metrics {
            elements: 4,
            compared: 3,
            max_abs: Some(0.5),
            max_rel: None,
            rel_l2: Some(f64::INFINITY),
            cosine: Some(0.25),
            outside: 1,
            nan: 1,
            inf: 0,
            ref_nan: 0,
            ref_inf: 0,
        };
        assert_eq!(
            metric_row("y", &m),
            ["y", "0.5", "-", "inf", "0.25", "25 % (1)", "1", "0"]
        );
        let j = metrics_json(&m);
        assert_eq!(
            (j["rel_l2"].clone(), j["max_rel"].clone()),
            (json!("inf"), Value::Null)
        );
        assert_eq!(j["outside_fraction"], json!(0.25));
    }

    #[test]
    fn json_report_parses() {
        let r = HardwareReport {
            plan: crate::HardwareFlags::default().plan().unwrap(),
            rounding: Rounding::Stochastic { seed: 3 },
            tolerance: Some(Tolerance::default()),
            outputs: Vec::new(),
            cost: None,
        };
        let v: Value = serde_json::from_str(&render_json(&r)).unwrap();
        assert_eq!(v["rounding"], json!({"mode": "stochastic", "seed": 3}));
        assert_eq!(v["default_precision"], json!("--fast-math all"));
        assert_eq!(
            (v["outputs"].clone(), v["cost"].clone()),
            (json!([]), Value::Null)
        );
        let text = render_text(&r);
        assert!(text.starts_with("target: inf1 (NeuronCore-v1), rounding: stochastic (seed 3)\n"));
    }

    #[test]
    fn tables_align_columns() {
        let rows = vec![
            vec!["a".to_string(), "1".to_string()],
            vec!["long".to_string(), "12345".to_string()],
        ];
        assert_eq!(table(&rows), "a         1\nlong  12345\n");
    }
}
