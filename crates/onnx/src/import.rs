//! The import of one `ModelProto`: opset and operator checks, graph inputs with static shapes,
//! topological order, node conversion, graph outputs, and the resulting `func.func @main`.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::{ImportError, Result};
use crate::graph;
use crate::ops;
use crate::proto::{GraphProto, ModelProto, TensorProto, ValueInfoProto};
use crate::tensor::{decode_tensor, elem_type, element_count, tensor_type};
use crate::{ImportOptions, InputShape};
use neuron_ir::registry::OpView;
use neuron_ir::{Attribute, Body, Func, FunctionType, Location, Module, NamedAttr, OpSpec};
use neuron_ir::{Scalar, TensorType, Type, ValueId};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

/// Lowest ai.onnx opset the importer supports.
pub const MIN_OPSET: i64 = 7;
/// Highest ai.onnx opset the importer supports. Opsets 22–27 changed none of the supported
/// operators' inputs, outputs or attributes except Cast/CastLike `round_mode` (FLOAT8E8M0 only)
/// and Range `stash_type` (f16/bf16 only, which the importer's Range does not accept).
pub const MAX_OPSET: i64 = 27;

/// What a value name stands for.
enum Entry<'m> {
    /// A slot (graph input, decoded initializer, node output).
    Slot(SlotId),
    /// An initializer not decoded yet (decoded on first use).
    Init(&'m TensorProto),
    /// A node output the importer does not compute, and why.
    Unavailable(String),
}

/// The importer's state for one graph.
pub struct Importer<'m> {
    /// The body of the function being built.
    pub body: Body,
    slots: Vec<Slot>,
    names: FxHashMap<&'m str, Entry<'m>>,
    base_dir: Option<&'m Path>,
    /// Count of DOUBLE elements narrowed to f32.
    pub narrowed: usize,
}

impl<'m> Importer<'m> {
    /// The slot behind a handle.
    pub fn slot(&self, s: SlotId) -> &Slot {
        &self.slots[s]
    }

    /// The directory external data is read from, if any.
    pub fn base_dir(&self) -> Option<&'m Path> {
        self.base_dir
    }

    /// Adds a slot.
    pub fn add_slot(&mut self, s: Slot) -> SlotId {
        self.slots.push(s);
        self.slots.len() - 1
    }

    /// The IR value of a slot; a constant becomes an `nn.constant` at the end of the body.
    pub fn materialize(&mut self, s: SlotId) -> Result<ValueId> {
        if let Some(v) = self.slots[s].ir {
            return Ok(v);
        }
        let slot = &self.slots[s];
        let d = slot
            .konst
            .clone()
            .ok_or_else(|| ImportError::Graph("internal: a value has no definition".into()))?;
        let def = neuron_nn::ConstantOp::def();
        let spec = OpSpec::new(def, slot.loc.clone())
            .results(&[Type::Tensor(d.ty.clone())])
            .attr("value", Attribute::Dense(d));
        let id = self.body.append(spec);
        let v = self.body.op(id).result(0);
        self.slots[s].ir = Some(v);
        Ok(v)
    }

    /// The slot of value `name`, decoding an initializer on first use.
    fn lookup(&mut self, name: &'m str) -> std::result::Result<SlotId, String> {
        match self.names.get(name) {
            Some(Entry::Slot(s)) => Ok(*s),
            Some(Entry::Unavailable(why)) => Err(why.clone()),
            Some(Entry::Init(t)) => {
                let t = *t;
                let d = decode_tensor(
                    t,
                    &format!("initializer '{name}'"),
                    self.base_dir,
                    &mut self.narrowed,
                )?;
                let s = self.add_slot(Slot::constant(d, Location::Name(name.into())));
                self.names.insert(name, Entry::Slot(s));
                Ok(s)
            }
            None => Err(format!("value '{name}' is not defined")),
        }
    }
}

/// The ai.onnx opset version the model imports.
fn onnx_opset(model: &ModelProto) -> Result<i64> {
    let v = model
        .opset_import
        .iter()
        .filter(|o| o.domain.is_empty() || o.domain == "ai.onnx")
        .map(|o| o.version)
        .max();
    match v {
        None if model.ir_version < 3 && !model.opset_import.is_empty() => {
            Err(ImportError::Model("the model imports no ai.onnx opset".into()))
        }
        None if model.ir_version < 3 => Err(ImportError::Model(format!(
            "IR version {} models (no opset_import) are not supported; opsets {MIN_OPSET}–{MAX_OPSET} are",
            model.ir_version
        ))),
        None => Err(ImportError::Model("the model imports no ai.onnx opset".into())),
        Some(v) if !(MIN_OPSET..=MAX_OPSET).contains(&v) => Err(ImportError::Model(format!(
            "the model uses ai.onnx opset {v}; supported opsets are {MIN_OPSET}–{MAX_OPSET}"
        ))),
        Some(v) => Ok(v),
    }
}

/// Imports a decoded model.
pub fn import_model(
    model: &ModelProto,
    base_dir: Option<&Path>,
    opts: &ImportOptions,
) -> Result<Module> {
    neuron_nn::link();
    let Some(graph) = &model.graph else {
        return Err(ImportError::Model(if model.ir_version == 0 {
            "not an ONNX model: no graph and no IR version".into()
        } else {
            "the model has no graph".into()
        }));
    };
    let opset = onnx_opset(model)?;
    ops::check_supported(graph, opset)?;
    let order = graph::topological_order(graph)?;
    let mut imp = Importer {
        body: Body::with_args(&[]),
        slots: Vec::new(),
        names: FxHashMap::default(),
        base_dir,
        narrowed: 0,
    };
    let (args, arg_names) = declare_inputs(&mut imp, graph, opts)?;
    let value_info = value_info_map(graph);
    for i in order {
        convert_node(&mut imp, graph, i, opset, &value_info)?;
    }
    let func = finish(imp, graph, args, arg_names, opts)?;
    let module = Module {
        name: None,
        attrs: vec![],
        loc: Location::Unknown,
        funcs: vec![func],
    };
    if opts.verify {
        let errs = neuron_ir::verifier::verify_module(&module, Default::default());
        if !errs.is_empty() {
            return Err(ImportError::Verify(errs));
        }
    }
    Ok(module)
}

/// Declares initializers and graph inputs; returns the argument types and names.
fn declare_inputs<'m>(
    imp: &mut Importer<'m>,
    graph: &'m GraphProto,
    opts: &ImportOptions,
) -> Result<(Vec<Type>, Vec<String>)> {
    for t in &graph.initializer {
        if imp.names.insert(&t.name, Entry::Init(t)).is_some() {
            return Err(ImportError::Graph(format!(
                "initializer '{}' is defined twice",
                t.name
            )));
        }
    }
    let inputs: Vec<&ValueInfoProto> = graph
        .input
        .iter()
        .filter(|i| !imp.names.contains_key(i.name.as_str()))
        .collect();
    for s in &opts.input_shapes {
        if !inputs.iter().any(|i| i.name == s.name) {
            let known: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
            return Err(ImportError::InputShape(format!(
                "{}: the model has no input '{}' (inputs: {})",
                s,
                s.name,
                known.join(", ")
            )));
        }
    }
    let mut tys = Vec::new();
    for vi in &inputs {
        let given = opts.input_shapes.iter().find(|s| s.name == vi.name);
        tys.push(input_type(vi, given)?);
    }
    let args: Vec<Type> = tys.iter().map(|t| Type::Tensor(t.clone())).collect();
    imp.body = Body::with_args(&args);
    let mut names = Vec::new();
    for (i, (vi, ty)) in inputs.iter().zip(tys).enumerate() {
        let s = imp.add_slot(Slot {
            ty,
            konst: None,
            ir: Some(imp.body.args()[i]),
            loc: Location::Name(vi.name.as_str().into()),
        });
        if imp.names.insert(&vi.name, Entry::Slot(s)).is_some() {
            return Err(ImportError::Graph(format!(
                "graph input '{}' is listed twice",
                vi.name
            )));
        }
        names.push(vi.name.clone());
    }
    Ok((args, names))
}

/// The static type of a graph input, from its declaration and an `--input-shape` option.
fn input_type(vi: &ValueInfoProto, given: Option<&InputShape>) -> Result<Arc<TensorType>> {
    let name = &vi.name;
    let tt = vi
        .r#type
        .as_ref()
        .and_then(|t| t.tensor_type.as_ref())
        .ok_or_else(|| {
            ImportError::Graph(format!(
                "graph input '{name}' is not a tensor (or has no type)"
            ))
        })?;
    let elem = elem_type(tt.elem_type)
        .map_err(|e| ImportError::Graph(format!("graph input '{name}': {e}")))?;
    if tt.elem_type == crate::proto::data_type::DOUBLE {
        tracing::warn!(input = %name, "DOUBLE graph input imported as f32");
    }
    let declared: Option<Vec<Option<i64>>> = tt.shape.as_ref().map(|s| {
        s.dim
            .iter()
            .map(|d| d.dim_value.filter(|&v| v >= 0 && d.dim_param.is_none()))
            .collect()
    });
    if let Some(g) = given {
        check_given_shape(name, declared.as_deref(), g)?;
        element_count(&g.dims).map_err(|e| ImportError::InputShape(format!("{g}: {e}")))?;
        return Ok(tensor_type(&g.dims, elem));
    }
    let Some(dims) = declared else {
        return Err(ImportError::InputShape(format!(
            "is needed for input '{name}', whose shape (even its rank) is unknown: give it as {name}=1x…"
        )));
    };
    if let Some(k) = dims.iter().position(Option::is_none) {
        let symbol = tt
            .shape
            .as_ref()
            .and_then(|s| s.dim[k].dim_param.clone())
            .filter(|p| !p.is_empty());
        let example: Vec<String> = dims
            .iter()
            .map(|d| d.map_or_else(|| "?".to_string(), |v| v.to_string()))
            .collect();
        return Err(ImportError::DynamicDim {
            input: name.clone(),
            dim: k,
            symbol,
            example: example.join("x"),
        });
    }
    let dims: Vec<i64> = dims.into_iter().flatten().collect();
    element_count(&dims).map_err(|e| ImportError::Graph(format!("graph input '{name}': {e}")))?;
    Ok(tensor_type(&dims, elem))
}

/// Checks an `--input-shape` against the declared shape (rank and static dimensions).
fn check_given_shape(name: &str, declared: Option<&[Option<i64>]>, g: &InputShape) -> Result<()> {
    if let Some(&d) = g.dims.iter().find(|&&d| d < 0) {
        return Err(ImportError::InputShape(format!(
            "{g}: dimension {d} is negative"
        )));
    }
    let Some(decl) = declared else {
        return Ok(());
    };
    if decl.len() != g.dims.len() {
        return Err(ImportError::InputShape(format!(
            "{g}: input '{name}' has rank {}, but the option gives {} dimension(s)",
            decl.len(),
            g.dims.len()
        )));
    }
    for (k, (d, &v)) in decl.iter().zip(&g.dims).enumerate() {
        if let Some(s) = d {
            if *s != v {
                return Err(ImportError::InputShape(format!(
                    "{g}: dimension {k} of input '{name}' is fixed to {s} by the model"
                )));
            }
        }
    }
    Ok(())
}

fn value_info_map(graph: &GraphProto) -> FxHashMap<&str, &ValueInfoProto> {
    graph
        .value_info
        .iter()
        .map(|v| (v.name.as_str(), v))
        .collect()
}

/// The label of node `i`: its name, or `op_type#i`.
pub fn node_label(graph: &GraphProto, i: usize) -> String {
    let n = &graph.node[i];
    if n.name.is_empty() {
        format!("{}#{i}", n.op_type)
    } else {
        n.name.clone()
    }
}

/// Converts node `i` and binds its outputs.
fn convert_node<'m>(
    imp: &mut Importer<'m>,
    graph: &'m GraphProto,
    i: usize,
    opset: i64,
    value_info: &FxHashMap<&str, &ValueInfoProto>,
) -> Result<()> {
    let node = &graph.node[i];
    let label: Arc<str> = node_label(graph, i).into();
    let mut inputs = Vec::with_capacity(node.input.len());
    for name in &node.input {
        if name.is_empty() {
            inputs.push(None);
            continue;
        }
        let s = imp.lookup(name).map_err(|e| ImportError::Node {
            node: label.to_string(),
            op_type: node.op_type.clone(),
            message: format!("input '{name}': {e}"),
        })?;
        inputs.push(Some(s));
    }
    let convert = ops::converter(&node.op_type).ok_or_else(|| ImportError::Node {
        node: label.to_string(),
        op_type: node.op_type.clone(),
        message: "unsupported operator".into(),
    })?;
    let mut cx = Ctx {
        imp,
        node,
        loc: Location::Name(label.clone()),
        label,
        opset,
        inputs,
    };
    let outs = convert(&mut cx)?;
    bind_outputs(cx, outs, value_info)
}

/// Binds the converted outputs to the node's output names, checking `value_info` shapes.
fn bind_outputs<'m>(
    cx: Ctx<'_, 'm>,
    outs: Vec<Slot>,
    value_info: &FxHashMap<&str, &ValueInfoProto>,
) -> Result<()> {
    let node = cx.node;
    for (k, name) in node.output.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        let entry = match outs.get(k) {
            Some(slot) => {
                if let Some(vi) = value_info.get(name.as_str()) {
                    check_value_info(&cx, name, &slot.ty, vi)?;
                }
                Entry::Slot(cx.imp.add_slot(slot.clone()))
            }
            None => Entry::Unavailable(format!(
                "it is output #{k} of node '{}' ({}), which the importer does not compute \
                 (only the first {} output(s) are supported)",
                cx.label,
                node.op_type,
                outs.len()
            )),
        };
        cx.imp.names.insert(name, entry);
    }
    Ok(())
}

/// Checks an inferred type against a `value_info` declaration (element type, static dims).
fn check_value_info(cx: &Ctx, name: &str, ty: &TensorType, vi: &ValueInfoProto) -> Result<()> {
    let Some(tt) = vi.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()) else {
        return Ok(());
    };
    if let Ok(e) = elem_type(tt.elem_type) {
        if e != ty.elem {
            return cx.fail(format!(
                "output '{name}' has element type {}, but value_info declares {e}",
                ty.elem
            ));
        }
    }
    if let Some(shape) = &tt.shape {
        if !declared_fits(&shape.dim, &ty.shape) {
            return cx.fail(format!(
                "shape mismatch: output '{name}' has inferred shape {}, but value_info declares {}",
                fmt_shape(&ty.shape),
                fmt_declared(&shape.dim)
            ));
        }
    }
    Ok(())
}

/// True if the inferred shape agrees with a declared (possibly symbolic) one.
fn declared_fits(dims: &[crate::proto::Dimension], shape: &[i64]) -> bool {
    dims.len() == shape.len()
        && dims
            .iter()
            .zip(shape)
            .all(|(d, &s)| match (&d.dim_param, d.dim_value) {
                (None, Some(v)) => v == s,
                _ => true,
            })
}

/// `[2, 3]`.
pub fn fmt_shape(s: &[i64]) -> String {
    neuron_nn::common::fmt_list(s)
}

fn fmt_declared(dims: &[crate::proto::Dimension]) -> String {
    let items: Vec<String> = dims
        .iter()
        .map(|d| match (&d.dim_param, d.dim_value) {
            (Some(p), _) => p.clone(),
            (None, Some(v)) => v.to_string(),
            _ => "?".into(),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Builds the function: outputs in graph order, `func.return`, names as argument attributes.
fn finish<'m>(
    mut imp: Importer<'m>,
    graph: &'m GraphProto,
    args: Vec<Type>,
    arg_names: Vec<String>,
    opts: &ImportOptions,
) -> Result<Func> {
    let mut results = Vec::new();
    let mut values = Vec::new();
    for out in &graph.output {
        let s = imp
            .lookup(&out.name)
            .map_err(|e| ImportError::Graph(format!("graph output '{}': {e}", out.name)))?;
        check_output(out, &imp.slot(s).ty)?;
        values.push(imp.materialize(s)?);
        results.push(Type::Tensor(imp.slot(s).ty.clone()));
    }
    if imp.narrowed > 0 {
        tracing::warn!(
            elements = imp.narrowed,
            "DOUBLE tensors were narrowed to f32 at import"
        );
    }
    let ret = neuron_ir::builtin::ReturnOp::def();
    let loc = Location::Name("return".into());
    imp.body.append(OpSpec::new(ret, loc).operands(&values));
    let out_names: Vec<&str> = graph.output.iter().map(|o| o.name.as_str()).collect();
    let mut attrs = Vec::new();
    for (key, names) in [
        ("arg_attrs", arg_names.iter().map(String::as_str).collect()),
        ("res_attrs", out_names),
    ] {
        if !names.is_empty() {
            attrs.push(NamedAttr {
                name: key.into(),
                value: names_attr(&names),
            });
        }
    }
    let name = if graph.name.is_empty() {
        opts.func_name.as_str()
    } else {
        graph.name.as_str()
    };
    Ok(Func {
        name: opts.func_name.as_str().into(),
        ty: Arc::new(FunctionType {
            inputs: args,
            results,
        }),
        attrs,
        loc: Location::Name(name.into()),
        body: imp.body,
    })
}

/// `[{nn.name = "a"}, {nn.name = "b"}]`: per-position names for `arg_attrs` / `res_attrs`.
fn names_attr(names: &[&str]) -> Attribute {
    let dicts: Vec<Attribute> = names
        .iter()
        .map(|n| {
            Attribute::Dict(Arc::from(vec![NamedAttr {
                name: "nn.name".into(),
                value: Attribute::string(n),
            }]))
        })
        .collect();
    Attribute::Array(dicts.into())
}

/// Checks a graph output's declared type against the computed one.
fn check_output(out: &ValueInfoProto, ty: &TensorType) -> Result<()> {
    let Some(tt) = out.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()) else {
        return Ok(());
    };
    let declared = elem_type(tt.elem_type).ok();
    if tt.elem_type != 0 && declared.is_some_and(|e| e != ty.elem) {
        return Err(ImportError::Graph(format!(
            "graph output '{}' is declared as {}, but the graph computes {}",
            out.name,
            declared.map_or(Scalar::F32, |e| e),
            ty.elem
        )));
    }
    if let Some(shape) = &tt.shape {
        if !declared_fits(&shape.dim, &ty.shape) {
            return Err(ImportError::Graph(format!(
                "shape mismatch: graph output '{}' is declared {}, but the graph computes {}",
                out.name,
                fmt_declared(&shape.dim),
                fmt_shape(&ty.shape)
            )));
        }
    }
    Ok(())
}
