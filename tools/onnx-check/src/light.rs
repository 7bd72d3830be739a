//! The ONNX "light" models (`light_<name>.onnx` beside `light_<name>_output_0.pb`): each
//! input is `arange(n).reshape(shape) / n` in FP32, as onnx's backend test runner makes it.

use crate::compare::{compare, Tolerance};
use crate::error::{CheckError, Result};
use crate::model::{import_for, load, run, runtime_inputs};
use crate::pb::read_tensor;
use neuron_interp::Tensor;
use neuron_ir::Scalar;
use neuron_onnx::proto::{data_type as dt, ModelProto};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

/// `arange(n).reshape(shape) / n` as FP32, computed in `f64` and rounded once (as numpy does).
pub fn ramp(shape: &[usize]) -> Tensor {
    let n = shape.iter().product::<usize>();
    let values = (0..n).map(|i| (i as f64 / n as f64) as f32).collect();
    Tensor::from_f32(Scalar::F32, shape.to_vec(), values).expect("the length fits the shape")
}

/// The static shape of graph input `name` (dimensions without a value count as 1).
fn input_shape(model: &ModelProto, name: &str) -> Result<Vec<usize>> {
    let g = model.graph.as_ref().expect("runtime_inputs found a graph");
    let v = g
        .input
        .iter()
        .find(|v| v.name == name)
        .expect("a graph input");
    let tt = v
        .r#type
        .as_ref()
        .and_then(|t| t.tensor_type.as_ref())
        .filter(|t| t.elem_type == dt::FLOAT)
        .ok_or_else(|| CheckError::Data(format!("input '{name}' is not a FLOAT tensor")))?;
    let dims = tt.shape.as_ref().map(|s| s.dim.as_slice()).unwrap_or(&[]);
    Ok(dims
        .iter()
        .map(|d| d.dim_value.filter(|&v| v > 0).unwrap_or(1) as usize)
        .collect())
}

/// Imports and runs a light model on its ramp input and compares with `expected`.
pub fn check_light(model_path: &Path, expected: &Path, tol: Tolerance, threads: usize) -> Value {
    let name = model_path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    match light_inner(model_path, expected, tol, threads) {
        Ok(mut v) => {
            v["model"] = json!(name);
            v
        }
        Err(e) => json!({"model": name, "status": "fail", "reason": e.to_string()}),
    }
}

fn light_inner(
    model_path: &Path,
    expected: &Path,
    tol: Tolerance,
    threads: usize,
) -> Result<Value> {
    let model = load(model_path)?;
    let inputs: Vec<Tensor> = runtime_inputs(&model)
        .iter()
        .map(|n| input_shape(&model, n).map(|s| ramp(&s)))
        .collect::<Result<_>>()?;
    let protos: Vec<_> = inputs.iter().filter_map(crate::pb::from_tensor).collect();
    let t0 = Instant::now();
    let prepared = import_for(
        &model,
        model_path.parent(),
        &protos,
        &vec![false; protos.len()],
    )?;
    let import_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let got = run(&prepared, &inputs, threads)?;
    let run_s = t1.elapsed().as_secs_f64();
    let want = read_tensor(expected)?;
    let first = got
        .first()
        .ok_or_else(|| CheckError::Data("the model has no output".into()))?;
    let c = compare(first, &want, tol).map_err(CheckError::Data)?;
    let mut v = json!({
        "status": if c.ok() { "pass" } else { "fail" },
        "max_abs": c.max_abs,
        "rel_l2": c.rel_l2,
        "import_s": import_s,
        "run_s": run_s,
    });
    if let Some((at, g, w)) = c.first_bad {
        v["reason"] = json!(format!(
            "{} of {} elements differ (first at {at}: {g} vs {w})",
            c.bad,
            first.num_elements()
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_matches_numpy() {
        let t = ramp(&[1, 3]);
        assert_eq!(
            t.as_f32().unwrap(),
            &[0.0, (1.0f64 / 3.0) as f32, (2.0f64 / 3.0) as f32]
        );
    }
}
