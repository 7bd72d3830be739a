//! The per-node conversion context: the node's inputs (with their static types and, when
//! known, constant values), typed attribute access with defaults, and IR emission.

use crate::error::{ImportError, Result};
use crate::import::Importer;
use crate::proto::{attr_type as at, AttributeProto, NodeProto, TensorProto};
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements, Location, NamedAttr, OpKind, OpSpec, Scalar};
use neuron_ir::{TensorType, Type, ValueId};
use std::sync::Arc;

/// One ONNX value during import: its static type, its constant value if known at import,
/// and its IR value once materialized.
#[derive(Clone, Debug)]
pub struct Slot {
    /// Static tensor type.
    pub ty: Arc<TensorType>,
    /// The value, when known at import (initializers, `Constant`, folded shape arithmetic).
    pub konst: Option<Arc<DenseElements>>,
    /// The IR value, once one exists.
    pub ir: Option<ValueId>,
    /// Location given to the `nn.constant` that materializes a constant slot.
    pub loc: Location,
}

impl Slot {
    /// A slot holding a constant.
    pub fn constant(d: Arc<DenseElements>, loc: Location) -> Slot {
        Slot {
            ty: d.ty.clone(),
            konst: Some(d),
            ir: None,
            loc,
        }
    }
}

/// Handle of a slot in the importer.
pub type SlotId = usize;

/// The context in which one node is converted.
pub struct Ctx<'a, 'm> {
    /// The importer (IR body, value table).
    pub imp: &'a mut Importer<'m>,
    /// The node.
    pub node: &'m NodeProto,
    /// The node's label: its name, or `op_type#index`.
    pub label: Arc<str>,
    /// The node's location, `loc("label")`.
    pub loc: Location,
    /// The ai.onnx opset version the model imports.
    pub opset: i64,
    /// Input slots; `None` for omitted optional inputs.
    pub inputs: Vec<Option<SlotId>>,
}

/// Kind of an attribute: the declared type, or (IR version 1) the field in use.
fn attr_kind(a: &AttributeProto) -> i32 {
    if a.r#type != at::UNDEFINED {
        return a.r#type;
    }
    if a.f.is_some() {
        at::FLOAT
    } else if a.i.is_some() {
        at::INT
    } else if a.s.is_some() {
        at::STRING
    } else if a.t.is_some() {
        at::TENSOR
    } else if !a.floats.is_empty() {
        at::FLOATS
    } else if !a.ints.is_empty() {
        at::INTS
    } else if !a.strings.is_empty() {
        at::STRINGS
    } else {
        at::UNDEFINED
    }
}

fn kind_name(k: i32) -> &'static str {
    match k {
        at::FLOAT => "FLOAT",
        at::INT => "INT",
        at::STRING => "STRING",
        at::TENSOR => "TENSOR",
        at::GRAPH => "GRAPH",
        at::FLOATS => "FLOATS",
        at::INTS => "INTS",
        at::STRINGS => "STRINGS",
        at::TENSORS => "TENSORS",
        at::GRAPHS => "GRAPHS",
        at::SPARSE_TENSOR => "SPARSE_TENSOR",
        at::SPARSE_TENSORS => "SPARSE_TENSORS",
        at::TYPE_PROTO => "TYPE_PROTO",
        at::TYPE_PROTOS => "TYPE_PROTOS",
        _ => "UNDEFINED",
    }
}

impl<'m> Ctx<'_, 'm> {
    /// An error about this node.
    pub fn err(&self, message: impl Into<String>) -> ImportError {
        ImportError::Node {
            node: self.label.to_string(),
            op_type: self.node.op_type.clone(),
            message: message.into(),
        }
    }

    /// `Err` about this node.
    pub fn fail<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(self.err(message))
    }

    /// Input `i`, if given.
    pub fn input(&self, i: usize) -> Option<SlotId> {
        self.inputs.get(i).copied().flatten()
    }

    /// Input `i`, which the operator requires.
    pub fn req(&self, i: usize) -> Result<SlotId> {
        self.input(i).ok_or_else(|| {
            self.err(format!(
                "requires input #{i}, but has {} input(s)",
                self.node.input.len()
            ))
        })
    }

    /// The slot behind a handle.
    pub fn slot(&self, s: SlotId) -> &Slot {
        self.imp.slot(s)
    }

    /// The static type of a slot.
    pub fn ty(&self, s: SlotId) -> Arc<TensorType> {
        self.imp.slot(s).ty.clone()
    }

    /// The shape of a slot.
    pub fn shape(&self, s: SlotId) -> Vec<i64> {
        self.imp.slot(s).ty.shape.to_vec()
    }

    /// The element type of a slot.
    pub fn elem(&self, s: SlotId) -> Scalar {
        self.imp.slot(s).ty.elem
    }

    /// The constant value of a slot, if known at import.
    pub fn konst(&self, s: SlotId) -> Option<Arc<DenseElements>> {
        self.imp.slot(s).konst.clone()
    }

    /// The IR value of a slot, materializing constants as `nn.constant` on first use.
    pub fn value(&mut self, s: SlotId) -> Result<ValueId> {
        self.imp.materialize(s)
    }

    /// The integer values of input `i`, which must be a constant known at import.
    pub fn const_ints(&self, i: usize, what: &str) -> Result<Option<Vec<i64>>> {
        let Some(s) = self.input(i) else {
            return Ok(None);
        };
        let Some(d) = self.konst(s) else {
            return self.fail(format!(
                "input '{what}' ('{}') must be a constant known at import; it is computed at run time",
                self.node.input[i]
            ));
        };
        if d.ty.elem.is_float() {
            return self.fail(format!(
                "input '{what}' must hold integers, but has element type {}",
                d.ty.elem
            ));
        }
        Ok(Some(
            (0..d.ty.num_elements()).map(|k| d.get_i64(k)).collect(),
        ))
    }

    /// The single float value of input `i`, if it is a constant scalar (or one-element tensor).
    pub fn const_scalar_f64(&self, i: usize) -> Option<f64> {
        let d = self.konst(self.input(i)?)?;
        (d.ty.num_elements() == 1).then(|| d.get_f64(0))
    }

    fn attr(&self, name: &str) -> Option<&'m AttributeProto> {
        self.node.attribute.iter().find(|a| a.name == name)
    }

    fn attr_of(&self, name: &str, want: i32) -> Result<Option<&'m AttributeProto>> {
        let Some(a) = self.attr(name) else {
            return Ok(None);
        };
        if !a.ref_attr_name.is_empty() {
            return self.fail(format!(
                "attribute '{name}' refers to a function attribute, which a main graph cannot do"
            ));
        }
        let k = attr_kind(a);
        if k != want {
            return self.fail(format!(
                "attribute '{name}' must be {}, but is {}",
                kind_name(want),
                kind_name(k)
            ));
        }
        Ok(Some(a))
    }

    /// Integer attribute `name`, or `None` if absent.
    pub fn attr_int(&self, name: &str) -> Result<Option<i64>> {
        Ok(self.attr_of(name, at::INT)?.map(|a| a.i.unwrap_or(0)))
    }

    /// Integer attribute `name`, or `default`.
    pub fn int_or(&self, name: &str, default: i64) -> Result<i64> {
        Ok(self.attr_int(name)?.unwrap_or(default))
    }

    /// Float attribute `name`, or `None` if absent.
    pub fn attr_float(&self, name: &str) -> Result<Option<f32>> {
        Ok(self.attr_of(name, at::FLOAT)?.map(|a| a.f.unwrap_or(0.0)))
    }

    /// Float attribute `name`, or `default`.
    pub fn float_or(&self, name: &str, default: f32) -> Result<f32> {
        Ok(self.attr_float(name)?.unwrap_or(default))
    }

    /// Integer-list attribute `name`, or `None` if absent.
    pub fn attr_ints(&self, name: &str) -> Result<Option<Vec<i64>>> {
        Ok(self.attr_of(name, at::INTS)?.map(|a| a.ints.clone()))
    }

    /// Float-list attribute `name`, or `None` if absent.
    pub fn attr_floats(&self, name: &str) -> Result<Option<Vec<f32>>> {
        Ok(self.attr_of(name, at::FLOATS)?.map(|a| a.floats.clone()))
    }

    /// String attribute `name`, or `None` if absent.
    pub fn attr_str(&self, name: &str) -> Result<Option<String>> {
        let Some(a) = self.attr_of(name, at::STRING)? else {
            return Ok(None);
        };
        let bytes = a.s.as_deref().unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some(s.to_string())),
            Err(_) => self.fail(format!("attribute '{name}' is not valid UTF-8")),
        }
    }

    /// String attribute `name`, or `default`.
    pub fn str_or(&self, name: &str, default: &str) -> Result<String> {
        Ok(self.attr_str(name)?.unwrap_or_else(|| default.to_string()))
    }

    /// Tensor attribute `name`, or `None` if absent.
    pub fn attr_tensor(&self, name: &str) -> Result<Option<&'m TensorProto>> {
        Ok(self.attr_of(name, at::TENSOR)?.and_then(|a| a.t.as_ref()))
    }

    /// True if the node has an attribute of this name (of any kind).
    pub fn has_attr(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }

    /// Appends `op` with the given operands, one result of type `ty`, and attributes
    /// (sorted by name, as MLIR keeps dictionaries).
    pub fn emit(
        &mut self,
        op: &str,
        operands: &[ValueId],
        ty: Arc<TensorType>,
        attrs: Vec<(&str, Attribute)>,
    ) -> Result<Slot> {
        crate::tensor::element_count(&ty.shape)
            .map_err(|e| self.err(format!("result type is not usable: {e}")))?;
        let mut attrs = attrs;
        attrs.sort_by(|a, b| a.0.cmp(b.0));
        let def = neuron_ir::registry::lookup(op).ok_or_else(|| {
            self.err(format!(
                "the nn dialect has no op '{op}' (is neuron-nn linked?)"
            ))
        })?;
        let spec = OpSpec {
            kind: OpKind::Registered(def),
            operands: operands.to_vec(),
            result_types: vec![Type::Tensor(ty.clone())],
            attrs: attrs
                .into_iter()
                .map(|(name, value)| NamedAttr {
                    name: name.into(),
                    value,
                })
                .collect(),
            loc: self.loc.clone(),
        };
        let id = self.imp.body.append(spec);
        Ok(Slot {
            ty,
            konst: None,
            ir: Some(self.imp.body.op(id).result(0)),
            loc: self.loc.clone(),
        })
    }

    /// Emits a unary op on slot `x` with result type `ty`.
    pub fn emit1(
        &mut self,
        op: &str,
        x: SlotId,
        ty: Arc<TensorType>,
        attrs: Vec<(&str, Attribute)>,
    ) -> Result<Slot> {
        let v = self.value(x)?;
        self.emit(op, &[v], ty, attrs)
    }

    /// Emits a unary op on an already materialized value.
    pub fn emit_on(
        &mut self,
        op: &str,
        v: ValueId,
        shape: &[i64],
        elem: Scalar,
        attrs: Vec<(&str, Attribute)>,
    ) -> Result<Slot> {
        self.emit(op, &[v], tensor_type(shape, elem), attrs)
    }

    /// A constant output of this node.
    pub fn constant(&self, d: DenseElements) -> Slot {
        Slot::constant(Arc::new(d), self.loc.clone())
    }

    /// Registers an extra slot (an intermediate value) and returns its handle.
    pub fn add_slot(&mut self, s: Slot) -> SlotId {
        self.imp.add_slot(s)
    }

    /// Number of outputs the node declares.
    pub fn num_outputs(&self) -> usize {
        self.node.output.len()
    }
}

/// `n : i64`.
pub fn int_attr(v: i64) -> Attribute {
    Attribute::Integer(v, Scalar::I64)
}

/// `x : f32`.
pub fn f32_attr(v: f32) -> Attribute {
    Attribute::float(f64::from(v), Scalar::F32)
}

/// `array<i64: …>`.
pub fn ints_attr(v: &[i64]) -> Attribute {
    Attribute::i64_array(v)
}
