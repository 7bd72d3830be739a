//! The view a kernel gets of the op it executes: operand tensors, result type, attributes.

use crate::buffers::Recycler;
use crate::tensor::{Data, Tensor};
use neuron_ir::{Body, OpId, OpView, TensorType};

/// What a kernel returns: the result values (row-major, in the result type's shape), or why
/// the op cannot be executed.
pub type KernelResult = Result<Data, String>;

/// One op being executed.
pub struct OpCtx<'a> {
    /// The function body holding the op.
    pub body: &'a Body,
    /// The op.
    pub op: OpId,
    /// Operand values, in order.
    pub args: Vec<&'a Tensor>,
    /// The type of the op's (single) result.
    pub out: &'a TensorType,
    /// Where result buffers come from, when the run recycles them.
    pub(crate) buffers: Option<&'a Recycler>,
}

impl<'a> OpCtx<'a> {
    /// A buffer for `n` FP32 result values, recycled when the run keeps dead values' buffers:
    /// its contents are unspecified, so the kernel must write every element.
    pub(crate) fn take_f32(&self, n: usize) -> Vec<f32> {
        self.buffers.map_or_else(|| vec![0f32; n], |b| b.take(n))
    }

    /// Operand `i`.
    pub fn arg(&self, i: usize) -> Result<&'a Tensor, String> {
        self.args
            .get(i)
            .copied()
            .ok_or_else(|| format!("requires operand #{i}"))
    }

    /// Operand `i` as float values with its shape.
    pub fn f32_arg(&self, i: usize) -> Result<(&'a [f32], &'a [usize]), String> {
        let t = self.arg(i)?;
        match &t.data {
            Data::F32(v) => Ok((v, &t.shape)),
            Data::I64(_) => Err(format!(
                "operand #{i} must be a float tensor, but has element type {}",
                t.dtype
            )),
        }
    }

    /// The result shape.
    pub fn out_shape(&self) -> Vec<usize> {
        self.out.shape.iter().map(|&d| d.max(0) as usize).collect()
    }

    /// Errors unless the result element type is a float type.
    pub fn float_result(&self) -> Result<(), String> {
        if self.out.elem.is_float() {
            Ok(())
        } else {
            Err(format!(
                "result element type {} is not a float type",
                self.out.elem
            ))
        }
    }

    /// Errors unless `shape`, as computed from the operands, is the result type's shape.
    pub fn expect_shape(&self, shape: &[usize]) -> Result<(), String> {
        if shape == self.out_shape() {
            Ok(())
        } else {
            Err(format!(
                "computed result shape {shape:?} differs from the result type's shape {:?}",
                self.out_shape()
            ))
        }
    }

    /// Errors unless `shape` (as the dialect's shape functions give it) is the result's shape.
    pub fn expect_dims(&self, shape: &[i64]) -> Result<(), String> {
        if self.out.shape[..] == *shape {
            Ok(())
        } else {
            Err(format!(
                "computed result shape {shape:?} differs from the result type's shape {:?}",
                &self.out.shape[..]
            ))
        }
    }

    /// The op as its typed view `V` (the dispatcher only calls a kernel on its own op kind).
    pub fn view<V: OpView>(&self) -> Result<V, String> {
        V::cast(self.body, self.op).ok_or_else(|| "is not of the kernel's op kind".into())
    }
}

/// A shape as `i64` dims, the form the dialect's shape functions take.
pub fn dims(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&d| d as i64).collect()
}
