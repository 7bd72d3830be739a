//! The builder the lowering rules use: creates `nhw` ops before the `nn` op being lowered, at
//! its location, and folds the casts the lowering inserts on constants.

use super::Config;
use neuron_ir::{
    Attribute, Body, Diagnostic, Location, OpDef, OpId, OpSpec, OpView, Scalar, Severity,
    TensorType, Type, ValueId,
};
use neuron_nhw as nhw;
use neuron_nhw::{ActivationFunc, ReduceKind, TensorOp};
use neuron_nn::cast::cast_raw;
use neuron_nn::common::dense_from_raw;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// An attribute list of an op being built.
pub(crate) type Attrs = Vec<(&'static str, Attribute)>;

/// The state of lowering one `nn` op.
pub(crate) struct Lower<'a> {
    /// The function body.
    pub body: &'a mut Body,
    /// The `nn` op being lowered (new ops go right before it).
    pub op: OpId,
    /// Its location, given to every op it becomes.
    pub loc: Location,
    /// Target and fast-math settings.
    pub cfg: &'a Config,
    /// Remarks emitted so far.
    pub remarks: &'a mut Vec<Diagnostic>,
    /// Casts already built in this function: `(value, type)` → cast value.
    pub casts: &'a mut FxHashMap<(ValueId, Scalar), ValueId>,
}

impl Lower<'_> {
    /// Operand `i` of the `nn` op, or the message saying it is missing.
    pub fn operand(&self, i: usize) -> Result<ValueId, String> {
        (self.body.op(self.op).operands().get(i).copied())
            .ok_or_else(|| format!("requires operand #{i}"))
    }

    /// The tensor type of a value.
    pub fn tensor(&self, v: ValueId) -> Result<TensorType, String> {
        let ty = self.body.ty(v);
        ty.as_tensor()
            .cloned()
            .ok_or_else(|| format!("value of type {ty} is not a tensor"))
    }

    /// The tensor type of the `nn` op's result.
    pub fn out(&self) -> Result<TensorType, String> {
        let data = self.body.op(self.op);
        if data.num_results() != 1 {
            return Err(format!("has {} results; expected 1", data.num_results()));
        }
        self.tensor(data.result(0))
    }

    /// The element type accumulations use: FP32, or the narrow type `elem` when
    /// mixed-precision accumulation is turned off.
    pub fn acc_type(&self, elem: Scalar) -> Scalar {
        match self.cfg.settings.fp32_accumulation {
            Some(false) if elem.is_float() => elem,
            _ => Scalar::F32,
        }
    }

    /// Emits a remark at the op.
    pub fn remark(&mut self, msg: String) {
        let d = Diagnostic::new(Severity::Remark, self.loc.clone(), msg);
        if !self.remarks.contains(&d) {
            self.remarks.push(d);
        }
    }

    /// Creates op `def` before the `nn` op; returns its result.
    pub fn emit(
        &mut self,
        def: &'static OpDef,
        operands: &[ValueId],
        ty: Type,
        attrs: Attrs,
    ) -> ValueId {
        let mut spec = OpSpec::new(def, self.loc.clone())
            .operands(operands)
            .results(&[ty]);
        for (k, v) in attrs {
            spec = spec.attr(k, v);
        }
        let id = self.body.insert_before(self.op, spec);
        self.body.op(id).result(0)
    }

    /// `v` under `shape` (`nhw.reshape`), or `v` itself if it has that shape; a reshape of a
    /// reshape reads the first one's input.
    pub fn reshape(&mut self, v: ValueId, shape: &[i64]) -> Result<ValueId, String> {
        let inner = self
            .body
            .defining_op(v)
            .and_then(|op| nhw::ReshapeOp::cast(self.body, op));
        let v = inner.map_or(v, |r| r.input(self.body));
        let t = self.tensor(v)?;
        if t.shape[..] == *shape {
            return Ok(v);
        }
        Ok(self.emit(
            nhw::ReshapeOp::def(),
            &[v],
            Type::tensor(shape, t.elem),
            vec![],
        ))
    }

    /// `v` broadcast to `shape` (`nhw.dma_copy`); a reshape if that only adds dimensions of
    /// size 1, `v` itself if it has that shape.
    pub fn broadcast(&mut self, v: ValueId, shape: &[i64]) -> Result<ValueId, String> {
        let t = self.tensor(v)?;
        if t.num_elements() == shape.iter().product::<i64>() as usize {
            return self.reshape(v, shape);
        }
        Ok(self.emit(
            nhw::DmaCopyOp::def(),
            &[v],
            Type::tensor(shape, t.elem),
            vec![],
        ))
    }

    /// `v` converted to `to`: itself if it has that type, a converted constant if it is one,
    /// else an `nhw.cast` (built once per value and type).
    pub fn cast(&mut self, v: ValueId, to: Scalar) -> Result<ValueId, String> {
        let t = self.tensor(v)?;
        if t.elem == to {
            return Ok(v);
        }
        if let Some(&c) = self.casts.get(&(v, to)) {
            return Ok(c);
        }
        let ty = Type::tensor(&t.shape, to);
        let c = match self.constant_of(v) {
            Some(d) => self.constant(convert_dense(&d, to)?),
            None => self.emit(nhw::CastOp::def(), &[v], ty, vec![]),
        };
        self.casts.insert((v, to), c);
        Ok(c)
    }

    /// The value of `v` if an `nhw.constant` defines it.
    fn constant_of(&self, v: ValueId) -> Option<Arc<neuron_ir::DenseElements>> {
        let op = self.body.defining_op(v)?;
        nhw::ConstantOp::cast(self.body, op)?.value(self.body)
    }

    /// An `nhw.constant` holding `d`.
    pub fn constant(&mut self, d: Arc<neuron_ir::DenseElements>) -> ValueId {
        let ty = Type::Tensor(d.ty.clone());
        self.emit(
            nhw::ConstantOp::def(),
            &[],
            ty,
            vec![("value", Attribute::Dense(d))],
        )
    }

    /// `nhw.activation {func, …attrs}` of `v`, with result element type `elem`.
    pub fn act(
        &mut self,
        func: ActivationFunc,
        v: ValueId,
        elem: Scalar,
        mut attrs: Attrs,
    ) -> Result<ValueId, String> {
        let t = self.tensor(v)?;
        attrs.insert(0, ("func", Attribute::string(func.name())));
        Ok(self.emit(
            nhw::ActivationOp::def(),
            &[v],
            Type::tensor(&t.shape, elem),
            attrs,
        ))
    }

    /// `nhw.tensor_tensor {op}` of `a` and `b` (broadcast), with result element type `elem`.
    pub fn binary(
        &mut self,
        op: TensorOp,
        a: ValueId,
        b: ValueId,
        elem: Scalar,
    ) -> Result<ValueId, String> {
        let (ta, tb) = (self.tensor(a)?, self.tensor(b)?);
        let shape = neuron_nn::common::broadcast_all(&[&ta.shape, &tb.shape])?;
        let ty = Type::tensor(&shape, elem);
        let attrs = vec![("op", Attribute::string(op.name()))];
        Ok(self.emit(nhw::TensorTensorOp::def(), &[a, b], ty, attrs))
    }

    /// `nhw.tensor_reduce` of `v` over `axes` (kept as size 1), accumulating in `acc`, with
    /// result element type `elem`.
    pub fn reduce(
        &mut self,
        kind: ReduceKind,
        v: ValueId,
        axes: &[usize],
        keep: bool,
        acc: Scalar,
        elem: Scalar,
    ) -> Result<ValueId, String> {
        let t = self.tensor(v)?;
        let axes: Vec<i64> = axes.iter().map(|&a| a as i64).collect();
        let (_, shape) = nhw::tensor_reduce_shape(&t.shape, &axes, keep)?;
        let attrs = vec![
            ("op", Attribute::string(kind.name())),
            ("axes", Attribute::i64_array(&axes)),
            ("keepdims", Attribute::Bool(keep)),
            ("acc", Attribute::Type(Type::Scalar(acc))),
        ];
        Ok(self.emit(
            nhw::TensorReduceOp::def(),
            &[v],
            Type::tensor(&shape, elem),
            attrs,
        ))
    }
}

/// An `f32` float attribute.
pub(crate) fn f32_attr(x: f64) -> Attribute {
    Attribute::float(x, Scalar::F32)
}

/// An `i64` integer attribute.
pub(crate) fn int_attr(x: i64) -> Attribute {
    Attribute::Integer(x, Scalar::I64)
}

/// The constant `d` converted element by element to `to` (with `nn.cast` semantics).
fn convert_dense(
    d: &neuron_ir::DenseElements,
    to: Scalar,
) -> Result<Arc<neuron_ir::DenseElements>, String> {
    let n = if d.is_splat() { 1 } else { d.ty.num_elements() };
    let raws: Vec<u64> = (0..n).map(|i| cast_raw(d.ty.elem, to, d.raw(i))).collect();
    let ty = Arc::new(TensorType {
        shape: d.ty.shape.clone(),
        elem: to,
    });
    match dense_from_raw(ty, &raws) {
        Some(c) => Ok(Arc::new(c)),
        None if n == 0 => Ok(Arc::new(neuron_ir::DenseElements {
            ty: Arc::new(TensorType {
                shape: d.ty.shape.clone(),
                elem: to,
            }),
            data: vec![],
        })),
        None => Err("cannot convert a constant".into()),
    }
}
