//! `onnx-check compare`: one model on given `TensorProto` inputs, compared with given outputs
//! (e.g. onnxruntime's) by relative L2 error, with the interpreter's run time over repeats.

use crate::compare::{compare, Tolerance};
use crate::error::{CheckError, Result};
use crate::model::{import_for, load, runtime_inputs, Runner};
use crate::pb::{read_proto, read_tensor, to_tensor};
use neuron_interp::Tensor;
use neuron_onnx::proto::TensorProto;
use prost::Message;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `compare` is asked to do.
#[derive(Clone, Debug)]
pub struct CompareJob {
    /// The model file.
    pub model: PathBuf,
    /// Input `TensorProto` files: matched by their `name` to graph inputs, else by position.
    pub inputs: Vec<PathBuf>,
    /// Expected output files, in graph output order.
    pub expected: Vec<PathBuf>,
    /// Timed runs after the first (untimed) one.
    pub repeat: usize,
    /// Interpreter threads (0 = all cores).
    pub threads: usize,
    /// Where to write the computed outputs as `output_<i>.pb` (FP32 and integer tensors).
    pub save_dir: Option<PathBuf>,
}

/// Writes each output as `dir/output_<i>.pb`.
fn save_outputs(dir: &Path, outputs: &[Tensor]) -> Result<()> {
    let io = |e: std::io::Error| CheckError::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    for (i, t) in outputs.iter().enumerate() {
        let proto = crate::pb::from_tensor(t).ok_or_else(|| {
            CheckError::Data(format!("output {i} of type {} cannot be saved", t.dtype))
        })?;
        std::fs::write(dir.join(format!("output_{i}.pb")), proto.encode_to_vec()).map_err(io)?;
    }
    Ok(())
}

/// The input protos in runtime-input order.
fn order_inputs(names: &[String], protos: Vec<TensorProto>) -> Result<Vec<TensorProto>> {
    if protos.len() != names.len() {
        return Err(CheckError::Data(format!(
            "the model has {} runtime inputs ({}), but {} input files were given",
            names.len(),
            names.join(", "),
            protos.len()
        )));
    }
    if protos.iter().any(|p| p.name.is_empty()) {
        return Ok(protos);
    }
    names
        .iter()
        .map(|n| {
            protos
                .iter()
                .find(|p| &p.name == n)
                .cloned()
                .ok_or_else(|| CheckError::Data(format!("no input file holds input '{n}'")))
        })
        .collect()
}

/// Median of a non-empty list.
fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

/// Imports and prepares the model, runs it `1 + repeat` times (the first run untimed), and
/// compares the last run's outputs with the expected.
pub fn run_compare(job: &CompareJob, tol: Tolerance) -> Result<Value> {
    let model = load(&job.model)?;
    let names = runtime_inputs(&model);
    let protos = job
        .inputs
        .iter()
        .map(|p| read_proto(p))
        .collect::<Result<Vec<_>>>()?;
    let protos = order_inputs(&names, protos)?;
    let inputs: Vec<Tensor> = protos
        .iter()
        .map(|p| to_tensor(p, Path::new(&p.name)))
        .collect::<Result<_>>()?;
    let t0 = Instant::now();
    let imported = import_for(
        &model,
        job.model.parent(),
        &protos,
        &vec![false; protos.len()],
    )?;
    // Prepared once, outside the timed runs (as onnxruntime's session is created before its
    // timed runs); the first, untimed run converts the constants, which later runs share.
    let runner = Runner::new(&imported)?;
    let import_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let mut got = runner.run(&inputs, job.threads)?;
    let first_s = t1.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for _ in 0..job.repeat {
        let t = Instant::now();
        got = runner.run(&inputs, job.threads)?;
        times.push(t.elapsed().as_secs_f64());
    }
    if let Some(dir) = &job.save_dir {
        save_outputs(dir, &got)?;
    }
    if got.len() != job.expected.len() {
        return Err(CheckError::Data(format!(
            "{} outputs computed, {} expected files given",
            got.len(),
            job.expected.len()
        )));
    }
    let mut outputs = Vec::new();
    for (i, (g, path)) in got.iter().zip(&job.expected).enumerate() {
        let want = read_tensor(path)?;
        let c = compare(g, &want, tol).map_err(|e| CheckError::Data(format!("output {i}: {e}")))?;
        outputs.push(json!({
            "index": i,
            "shape": g.shape,
            "rel_l2": c.rel_l2,
            "max_abs": c.max_abs,
            "outside_tolerance": c.bad,
        }));
    }
    Ok(json!({
        "model": job.model.display().to_string(),
        "import_s": import_s,
        "first_run_s": first_s,
        "run_s": times,
        "run_median_s": if times.is_empty() { first_s } else { median(&times) },
        "threads": job.threads,
        "outputs": outputs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_ordered_by_name() {
        let p = |n: &str| TensorProto {
            name: n.into(),
            ..Default::default()
        };
        let names = vec!["a".to_string(), "b".to_string()];
        let got = order_inputs(&names, vec![p("b"), p("a")]).unwrap();
        assert_eq!(got[0].name, "a");
        assert!(order_inputs(&names, vec![p("b"), p("c")]).is_err());
        assert!(order_inputs(&names, vec![p("a")]).is_err());
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    }
}
