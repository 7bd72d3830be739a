//! The fast-math tuning order on the transformer example (issue 6): on inf1, compared with the
//! FP32 reference, the relative L2 error falls and the estimated serial time rises along
//! `all` → `fp32-cast-matmult` → `fp32-cast-matmult no-fast-relayout`; and `none` runs the same
//! program as the last. The figures are printed (`--nocapture`) and kept in the lit snapshot
//! lit-tests/neuron-run/snapshots/transformer-fast-math@run*.snap.

use neuron_driver::FastMathFlags;
use neuron_nhw::Target;
use neuron_run::run::{load, Prepared};
use neuron_run::{evaluate, Config, HardwareFlags, HardwareReport, InputSpec};
use std::path::Path;

/// The transformer example with its shipped input.
fn transformer() -> Prepared {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let input = format!("x={}", examples.join("transformer.input.npy").display());
    let config = Config {
        model: examples.join("transformer.mlir").display().to_string(),
        inputs: vec![InputSpec::parse(&input)],
        ..Config::default()
    };
    let mut err = Vec::new();
    let loaded = load(&config, &mut err).expect("inputs load");
    loaded.unwrap_or_else(|| panic!("{}", String::from_utf8_lossy(&err)))
}

/// The report of one `--fast-math` setting on inf1 with `--compare-reference`.
fn run(p: &Prepared, reference: &[neuron_interp::Tensor], fast_math: &str) -> HardwareReport {
    let flags = HardwareFlags {
        precision: FastMathFlags {
            fast_math: fast_math.split_whitespace().map(str::to_string).collect(),
            ..FastMathFlags::default()
        },
        target: Some(Target::Inf1),
        compare_reference: true,
        ..HardwareFlags::default()
    };
    let (report, _) = evaluate(
        &p.module,
        &p.entry,
        &p.outputs,
        &p.inputs,
        Some(reference),
        &flags,
        0,
    )
    .unwrap_or_else(|e| panic!("{fast_math}: {e:?}"));
    report
}

/// (relative L2 error of the only output, estimated serial seconds).
fn figures(name: &str, r: &HardwareReport) -> (f64, f64) {
    let m = r.outputs[0].metrics.as_ref().expect("compared");
    let cost = r.cost.as_ref().expect("costed");
    eprintln!(
        "{name:<38} rel L2 {:.6e}  max abs {:.6e}  outside {:.4}%  cosine {:.8}  serial {:.3} us",
        m.rel_l2.unwrap(),
        m.max_abs.unwrap(),
        m.outside_fraction() * 100.0,
        m.cosine.unwrap(),
        cost.serial_seconds * 1e6
    );
    assert_eq!((m.nan, m.inf, m.compared), (0, 0, m.elements), "{name}");
    (m.rel_l2.unwrap(), cost.serial_seconds)
}

#[test]
fn error_falls_and_time_rises_along_the_tuning_order() {
    let p = transformer();
    let reference = neuron_run::evaluate::reference(&p.module, &p.entry, p.inputs.clone(), 0)
        .expect("reference run");
    let settings = [
        "all",
        "fp32-cast-matmult",
        "fp32-cast-matmult no-fast-relayout",
    ];
    let reports: Vec<HardwareReport> = settings.iter().map(|s| run(&p, &reference, s)).collect();
    let f: Vec<(f64, f64)> = settings
        .iter()
        .zip(&reports)
        .map(|(s, r)| figures(s, r))
        .collect();
    assert!(f[2].0 > 0.0, "BF16 matmults must leave some error");
    assert!(
        f[0].0 >= f[1].0,
        "rel L2: all {} < matmult {}",
        f[0].0,
        f[1].0
    );
    assert!(
        f[1].0 >= f[2].0,
        "rel L2: matmult {} < nfr {}",
        f[1].0,
        f[2].0
    );
    let none = run(&p, &reference, "none");
    let nfr = &reports[2];
    assert_eq!(
        none.outputs[0].metrics, nfr.outputs[0].metrics,
        "none = matmult nfr"
    );
    assert_eq!(
        none.cost.as_ref().map(|c| c.serial_seconds),
        nfr.cost.as_ref().map(|c| c.serial_seconds)
    );
    assert!(
        f[1].1 <= f[2].1,
        "time: matmult {} > nfr {}",
        f[1].1,
        f[2].1
    );
    assert!(
        f[0].1 <= f[1].1,
        "time: all {} > matmult {}",
        f[0].1,
        f[1].1
    );
}
