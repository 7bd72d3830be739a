//! Helpers of the importer tests: small ONNX models built with the prost structs.
#![allow(dead_code)]

use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_onnx::proto::{
    attr_type, data_type, AttributeProto, Dimension, GraphProto, ModelProto, NodeProto,
    OperatorSetIdProto, TensorProto, TensorShapeProto, TypeProto, TypeProtoTensor, ValueInfoProto,
};
use neuron_onnx::{ImportError, ImportOptions};
use prost::Message;

/// A dimension: `Some(n)` static, `None` symbolic (`dim_param` "N").
pub type D = Option<i64>;

/// A value info of a tensor with the given element type and dims.
pub fn vi(name: &str, elem: i32, dims: &[D]) -> ValueInfoProto {
    let dim = dims
        .iter()
        .enumerate()
        .map(|(i, d)| Dimension {
            dim_value: *d,
            dim_param: if d.is_none() {
                Some(format!("d{i}"))
            } else {
                None
            },
            denotation: String::new(),
        })
        .collect();
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeProtoTensor {
                elem_type: elem,
                shape: Some(TensorShapeProto { dim }),
            }),
            ..Default::default()
        }),
        doc_string: String::new(),
    }
}

/// A static f32 value info.
pub fn f32vi(name: &str, dims: &[i64]) -> ValueInfoProto {
    let d: Vec<D> = dims.iter().map(|&x| Some(x)).collect();
    vi(name, data_type::FLOAT, &d)
}

/// An f32 initializer stored as raw data.
pub fn f32t(name: &str, dims: &[i64], v: &[f32]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: data_type::FLOAT,
        raw_data: v
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect::<Vec<u8>>()
            .into(),
        ..Default::default()
    }
}

/// An i64 initializer stored in `int64_data`.
pub fn i64t(name: &str, dims: &[i64], v: &[i64]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: data_type::INT64,
        int64_data: v.to_vec(),
        ..Default::default()
    }
}

/// A node.
pub fn node(op: &str, inputs: &[&str], outputs: &[&str], attrs: Vec<AttributeProto>) -> NodeProto {
    NodeProto {
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: outputs.iter().map(|s| s.to_string()).collect(),
        op_type: op.into(),
        attribute: attrs,
        ..Default::default()
    }
}

/// A named node.
pub fn named(name: &str, mut n: NodeProto) -> NodeProto {
    n.name = name.into();
    n
}

/// INT attribute.
pub fn ai(name: &str, v: i64) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::INT,
        i: Some(v),
        ..Default::default()
    }
}

/// FLOAT attribute.
pub fn af(name: &str, v: f32) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::FLOAT,
        f: Some(v),
        ..Default::default()
    }
}

/// INTS attribute.
pub fn ais(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::INTS,
        ints: v.to_vec(),
        ..Default::default()
    }
}

/// STRING attribute.
pub fn as_(name: &str, v: &str) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::STRING,
        s: Some(v.as_bytes().to_vec()),
        ..Default::default()
    }
}

/// TENSOR attribute.
pub fn at(name: &str, t: TensorProto) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::TENSOR,
        t: Some(t),
        ..Default::default()
    }
}

/// A graph.
pub fn graph(
    nodes: Vec<NodeProto>,
    inputs: Vec<ValueInfoProto>,
    outputs: Vec<ValueInfoProto>,
    inits: Vec<TensorProto>,
) -> GraphProto {
    GraphProto {
        node: nodes,
        name: "g".into(),
        initializer: inits,
        input: inputs,
        output: outputs,
        ..Default::default()
    }
}

/// A model of `graph` importing ai.onnx `opset`, encoded.
pub fn model(g: GraphProto, opset: i64) -> Vec<u8> {
    ModelProto {
        ir_version: 8,
        opset_import: vec![OperatorSetIdProto {
            domain: String::new(),
            version: opset,
        }],
        producer_name: "test".into(),
        graph: Some(g),
        ..Default::default()
    }
    .encode_to_vec()
}

/// Imports and prints (custom form, no locations).
pub fn import(bytes: Vec<u8>) -> Result<String, ImportError> {
    import_with(bytes, &ImportOptions::default(), false)
}

/// Imports with options and prints, with locations if asked.
pub fn import_with(
    bytes: Vec<u8>,
    opts: &ImportOptions,
    debug_info: bool,
) -> Result<String, ImportError> {
    let m = neuron_onnx::import_bytes(bytes, opts)?;
    let p = PrintOptions {
        debug_info,
        ..PrintOptions::default()
    };
    Ok(module_to_string(&m, &p))
}

/// Imports a one-node graph: inputs `x…` (f32 of the given shapes), output `y`.
pub fn one(
    op: NodeProto,
    inputs: &[(&str, &[i64])],
    inits: Vec<TensorProto>,
    opset: i64,
) -> Result<String, ImportError> {
    let ins = inputs.iter().map(|(n, s)| f32vi(n, s)).collect();
    let outs = vec![vi("y", 0, &[])]
        .into_iter()
        .map(|mut v| {
            v.r#type = None;
            v
        })
        .collect();
    import(model(graph(vec![op], ins, outs, inits), opset))
}

/// The op lines of the single function (without `module`, the signature and `}` lines),
/// trimmed, one per line.
pub fn ops_of(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !(l.starts_with("module") || l.starts_with("func.func") || *l == "}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports a one-node model and returns its op lines.
pub fn one_ops(
    op: NodeProto,
    inputs: &[(&str, &[i64])],
    inits: Vec<TensorProto>,
    opset: i64,
) -> String {
    match one(op, inputs, inits, opset) {
        Ok(t) => ops_of(&t),
        Err(e) => panic!("import failed: {e}"),
    }
}

/// Imports a one-node model that must fail; returns the message.
pub fn one_err(
    op: NodeProto,
    inputs: &[(&str, &[i64])],
    inits: Vec<TensorProto>,
    opset: i64,
) -> String {
    match one(op, inputs, inits, opset) {
        Ok(t) => panic!("import succeeded:\n{t}"),
        Err(e) => e.to_string(),
    }
}
