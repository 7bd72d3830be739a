//! One ONNX backend node test case: `model.onnx` beside `test_data_set_*/{input,output}_*.pb`.
//! The case is imported (binding inputs as needed), run on every data set, and each output is
//! compared with the expected one.

use crate::compare::{compare, Tolerance};
use crate::error::{CheckError, Result};
use crate::model::{import_binding_as_needed, load, op_types, run};
use crate::pb::{numbered, read_proto, read_tensor, to_tensor};
use neuron_interp::Tensor;
use neuron_onnx::proto::ModelProto;
use neuron_onnx::ImportError;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The outcome of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every output of every data set is within the tolerance.
    Pass,
    /// An import error (other than an unsupported operator), a run error or a mismatch.
    Fail,
    /// The model uses an operator the importer does not support.
    Skip,
}

impl Status {
    /// The name printed in reports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// The result of one case.
#[derive(Clone, Debug)]
pub struct CaseReport {
    /// The case's directory name (`test_add_bcast`).
    pub case: String,
    /// Operator types of the model.
    pub ops: Vec<String>,
    /// Pass, fail or skip.
    pub status: Status,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// The inputs bound as constants (of any data set).
    pub bound: Vec<String>,
    /// Data sets run.
    pub sets: usize,
}

impl CaseReport {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "case": self.case,
            "ops": self.ops,
            "status": self.status.name(),
            "reason": self.reason,
            "bound": self.bound,
            "sets": self.sets,
        })
    }
}

/// The case directories under `root` (those with a `model.onnx`), sorted by name.
pub fn case_dirs(root: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(root).map_err(|e| CheckError::Io {
        path: root.display().to_string(),
        message: e.to_string(),
    })?;
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("model.onnx").is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The data set directories of a case, sorted.
fn data_sets(dir: &Path) -> Vec<PathBuf> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_dir()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with("test_data_set_"))
                })
                .collect()
        })
        .unwrap_or_default();
    sets.sort();
    sets
}

/// Runs one case; panics inside the importer or the interpreter are caught and reported.
pub fn run_case(dir: &Path, tol: Tolerance, threads: usize) -> CaseReport {
    let case = dir
        .file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into());
    let mut report = CaseReport {
        case,
        ops: Vec::new(),
        status: Status::Fail,
        reason: None,
        bound: Vec::new(),
        sets: 0,
    };
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_case(dir, tol, threads, &mut report)
    }));
    let outcome = match caught {
        Ok(r) => r,
        Err(payload) => Err(format!("panic: {}", panic_text(&payload))),
    };
    match outcome {
        Ok(()) => report.status = Status::Pass,
        Err(reason) => report.reason = Some(reason),
    }
    report
}

/// The message of a panic payload.
fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Checks every data set of a case; `Err` is the failure (or skip) reason.
fn check_case(
    dir: &Path,
    tol: Tolerance,
    threads: usize,
    report: &mut CaseReport,
) -> Result<(), String> {
    let model = load(&dir.join("model.onnx")).map_err(|e| e.to_string())?;
    report.ops = op_types(&model);
    if let Err(e) = check_ops(&model) {
        report.status = Status::Skip;
        return Err(e.to_string());
    }
    let sets = data_sets(dir);
    if sets.is_empty() {
        return Err("no test_data_set_* directory".into());
    }
    for set in &sets {
        check_set(&model, dir, set, tol, threads, report)?;
        report.sets += 1;
    }
    Ok(())
}

/// Fails with [`ImportError::Unsupported`] if the model uses an operator (of any domain) the
/// importer does not support, before inputs or opsets are looked at.
fn check_ops(model: &ModelProto) -> Result<(), ImportError> {
    let Some(graph) = &model.graph else {
        return Ok(());
    };
    let opset = model
        .opset_import
        .iter()
        .filter(|o| o.domain.is_empty() || o.domain == "ai.onnx")
        .map(|o| o.version)
        .max()
        .unwrap_or(neuron_onnx::MAX_OPSET);
    neuron_onnx::ops::check_supported(graph, opset)
}

/// Imports for one data set's inputs, runs, and compares every output.
fn check_set(
    model: &ModelProto,
    dir: &Path,
    set: &Path,
    tol: Tolerance,
    threads: usize,
    report: &mut CaseReport,
) -> Result<(), String> {
    let input_files = numbered(set, "input");
    let protos = input_files
        .iter()
        .map(|p| read_proto(p))
        .collect::<Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    let (bound, prepared) = import_binding_as_needed(model, Some(dir), &protos);
    for b in bound {
        if !report.bound.contains(&b) {
            report.bound.push(b);
        }
    }
    let prepared = match prepared {
        Err(CheckError::Import(ImportError::Unsupported(ops))) => {
            report.status = Status::Skip;
            return Err(ImportError::Unsupported(ops).to_string());
        }
        other => other.map_err(|e| e.to_string())?,
    };
    let inputs: Vec<Tensor> = protos
        .iter()
        .zip(&input_files)
        .map(|(t, p)| to_tensor(t, p))
        .collect::<Result<_>>()
        .map_err(|e| e.to_string())?;
    let got = run(&prepared, &inputs, threads).map_err(|e| e.to_string())?;
    let expected = numbered(set, "output");
    if expected.len() != got.len() {
        return Err(format!(
            "{} outputs computed, {} expected",
            got.len(),
            expected.len()
        ));
    }
    for (i, (g, path)) in got.iter().zip(&expected).enumerate() {
        let want = read_tensor(path).map_err(|e| format!("expected output {i}: {e}"))?;
        let c = compare(g, &want, tol).map_err(|e| format!("output {i}: {e}"))?;
        if let Some((at, gv, wv)) = c.first_bad {
            return Err(format!(
                "output {i}: {} of {} elements differ (max abs {:.3e}; first at {at}: {gv} vs {wv})",
                c.bad,
                g.num_elements(),
                c.max_abs
            ));
        }
    }
    Ok(())
}
