//! Loading an ONNX model, binding test inputs, importing it and running it in the reference
//! interpreter.
//!
//! The IR has static shapes, and operands such as `Reshape`'s shape must be known at import.
//! The backend node tests pass them as graph inputs, so a case whose import asks for a
//! constant is imported again with those test inputs bound as initializers
//! ([`import_binding_as_needed`]).

use crate::error::{CheckError, Result};
use bytes::Bytes;
use neuron_interp::{InterpOptions, Prepared, Tensor};
use neuron_ir::Module;
use neuron_onnx::import::import_model;
use neuron_onnx::proto::{ModelProto, TensorProto};
use neuron_onnx::{decode_model, ImportOptions, InputShape};
use std::collections::BTreeSet;
use std::path::Path;

/// True for ONNX data types that hold integers or booleans (shapes, axes, indices).
fn is_integer_type(code: i32) -> bool {
    use neuron_onnx::proto::data_type as dt;
    !matches!(code, dt::FLOAT | dt::DOUBLE | dt::FLOAT16 | dt::BFLOAT16)
}

/// Reads and decodes a model file.
pub fn load(path: &Path) -> Result<ModelProto> {
    let bytes = std::fs::read(path).map_err(|e| CheckError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(decode_model(Bytes::from(bytes))?)
}

/// The distinct operator types of the main graph (`domain.Op` outside the default domain).
pub fn op_types(model: &ModelProto) -> Vec<String> {
    let Some(g) = &model.graph else {
        return Vec::new();
    };
    let set: BTreeSet<String> = g
        .node
        .iter()
        .map(|n| match n.domain.as_str() {
            "" | "ai.onnx" => n.op_type.clone(),
            d => format!("{d}.{}", n.op_type),
        })
        .collect();
    set.into_iter().collect()
}

/// Names of the graph inputs that are not initializers, in graph order.
pub fn runtime_inputs(model: &ModelProto) -> Vec<String> {
    let Some(g) = &model.graph else {
        return Vec::new();
    };
    let inits: BTreeSet<&str> = g.initializer.iter().map(|t| t.name.as_str()).collect();
    g.input
        .iter()
        .map(|v| v.name.clone())
        .filter(|n| !inits.contains(n.as_str()))
        .collect()
}

/// A model imported for given inputs: the module and, per function argument, the index of
/// the input (in [`runtime_inputs`] order) that feeds it.
pub struct Imported {
    /// The imported module (function `main`).
    pub module: Module,
    /// For each function argument, the index of its input.
    pub feeds: Vec<usize>,
}

/// Imports `model` for `inputs` (one `TensorProto` per runtime input, in order): inputs with
/// `bound[i]` become initializers, the others take the static shape of their tensor.
pub fn import_for(
    model: &ModelProto,
    base_dir: Option<&Path>,
    inputs: &[TensorProto],
    bound: &[bool],
) -> Result<Imported> {
    let names = runtime_inputs(model);
    if inputs.len() != names.len() {
        return Err(CheckError::Data(format!(
            "the model has {} runtime inputs, but {} input files were given",
            names.len(),
            inputs.len()
        )));
    }
    let mut m = model.clone();
    let g = m.graph.as_mut().expect("runtime_inputs found a graph");
    let mut opts = ImportOptions::default();
    let mut feeds = Vec::new();
    for (i, (name, t)) in names.iter().zip(inputs).enumerate() {
        if bound.get(i).copied().unwrap_or(false) {
            g.input.retain(|v| &v.name != name);
            g.initializer.push(TensorProto {
                name: name.clone(),
                ..t.clone()
            });
        } else {
            feeds.push(i);
            opts.input_shapes.push(InputShape {
                name: name.clone(),
                dims: t.dims.clone(),
            });
        }
    }
    let module = import_model(&m, base_dir, &opts)?;
    Ok(Imported { module, feeds })
}

/// If an import error asks for an operand to be known at import: the value it names, if any
/// (`input 'shape' ('ti') must be a constant known at import`), else an empty string.
pub fn needs_constant(e: &CheckError) -> Option<String> {
    let CheckError::Import(ie) = e else {
        return None;
    };
    let text = ie.to_string();
    if !text.contains("known at import") {
        return None;
    }
    let named = text
        .split_once("' ('")
        .and_then(|(_, rest)| rest.split_once("')"))
        .map(|(value, _)| value.to_string());
    Some(named.unwrap_or_default())
}

/// Imports with as few inputs bound as constants as works: each input an import error names
/// as needed at import, else every integer input, else every input. Returns the names of the
/// bound inputs with the result.
pub fn import_binding_as_needed(
    model: &ModelProto,
    base_dir: Option<&Path>,
    inputs: &[TensorProto],
) -> (Vec<String>, Result<Imported>) {
    let names = runtime_inputs(model);
    let mut bound = vec![false; inputs.len()];
    loop {
        let r = import_for(model, base_dir, inputs, &bound);
        let Some(value) = r.as_ref().err().and_then(needs_constant) else {
            let list = names
                .iter()
                .zip(&bound)
                .filter(|(_, &b)| b)
                .map(|(n, _)| n.clone())
                .collect();
            return (list, r);
        };
        let named = names
            .iter()
            .position(|n| *n == value)
            .filter(|&i| !bound[i]);
        let ints: Vec<usize> = (0..inputs.len())
            .filter(|&i| !bound[i] && is_integer_type(inputs[i].data_type))
            .collect();
        if let Some(i) = named {
            bound[i] = true;
        } else if !ints.is_empty() {
            ints.into_iter().for_each(|i| bound[i] = true);
        } else if bound.contains(&false) {
            bound.fill(true);
        } else {
            return (names, r);
        }
    }
}

/// An imported model ready for repeated runs: the interpreter's prepared `main` (its
/// constants converted on the first run and shared by the later ones).
pub struct Runner<'a> {
    imported: &'a Imported,
    prepared: Prepared<'a>,
}

impl<'a> Runner<'a> {
    /// Prepares `main` of an imported model.
    pub fn new(imported: &'a Imported) -> Result<Runner<'a>> {
        Ok(Runner {
            imported,
            prepared: Prepared::new(&imported.module, "main")?,
        })
    }

    /// Runs `main` on the input tensors (all of them, in input order).
    pub fn run(&self, inputs: &[Tensor], threads: usize) -> Result<Vec<Tensor>> {
        let args: Vec<Tensor> = self
            .imported
            .feeds
            .iter()
            .map(|&i| inputs[i].clone())
            .collect();
        Ok(self.prepared.run(args, &InterpOptions { threads })?)
    }
}

/// Runs `main` of an imported model once on the input tensors (all of them, in input order).
pub fn run(p: &Imported, inputs: &[Tensor], threads: usize) -> Result<Vec<Tensor>> {
    Runner::new(p)?.run(inputs, threads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuron_onnx::proto::{data_type as dt, GraphProto, NodeProto, OperatorSetIdProto};
    use neuron_onnx::proto::{TypeProto, TypeProtoTensor, ValueInfoProto};

    fn vi(name: &str, elem: i32) -> ValueInfoProto {
        ValueInfoProto {
            name: name.into(),
            r#type: Some(TypeProto {
                tensor_type: Some(TypeProtoTensor {
                    elem_type: elem,
                    shape: None,
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// `y = Reshape(x, shape)` with both as graph inputs, as the backend node tests have it.
    fn reshape_model() -> ModelProto {
        ModelProto {
            ir_version: 8,
            opset_import: vec![OperatorSetIdProto {
                domain: String::new(),
                version: 14,
            }],
            graph: Some(GraphProto {
                node: vec![NodeProto {
                    input: vec!["x".into(), "shape".into()],
                    output: vec!["y".into()],
                    op_type: "Reshape".into(),
                    ..Default::default()
                }],
                input: vec![vi("x", dt::FLOAT), vi("shape", dt::INT64)],
                output: vec![vi("y", dt::FLOAT)],
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn shape_inputs_are_bound_when_needed() {
        let m = reshape_model();
        assert_eq!(op_types(&m), ["Reshape"]);
        assert_eq!(runtime_inputs(&m), ["x", "shape"]);
        let x = TensorProto {
            dims: vec![2, 3],
            data_type: dt::FLOAT,
            float_data: vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            ..Default::default()
        };
        let shape = TensorProto {
            dims: vec![2],
            data_type: dt::INT64,
            int64_data: vec![3, 2],
            ..Default::default()
        };
        let inputs = [x, shape];
        let unbound = import_for(&m, None, &inputs, &[false, false]);
        assert_eq!(needs_constant(&unbound.err().unwrap()).unwrap(), "shape");
        let (bound, p) = import_binding_as_needed(&m, None, &inputs);
        assert_eq!(bound, ["shape"]);
        let p = p.unwrap();
        assert_eq!(p.feeds, [0]);
        let tensors: Vec<Tensor> = inputs
            .iter()
            .map(|t| crate::pb::to_tensor(t, Path::new("t")).unwrap())
            .collect();
        let out = run(&p, &tensors, 1).unwrap();
        assert_eq!(out[0].shape, vec![3, 2]);
        let runner = Runner::new(&p).unwrap();
        for threads in [1, 2] {
            assert_eq!(
                runner.run(&tensors, threads).unwrap(),
                out,
                "repeated runs agree"
            );
        }
    }

    #[test]
    fn input_count_must_match() {
        let e = import_for(&reshape_model(), None, &[], &[]).err().unwrap();
        assert!(e.to_string().contains("2 runtime inputs"), "{e}");
    }
}
