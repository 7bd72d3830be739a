//! Runtime tensors: an element type, a shape, and the values (FP32 for every float type,
//! int64 for every integer type), held in shared buffers so that copies of a tensor (a
//! constant used by every run, a reshape) share one allocation.

use crate::error::InterpError;
use crate::round::{round_slice, wrap_i64};
use neuron_ir::{DenseElements, Scalar, Type};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Values shared by reference count: cloning is O(1), and reads see a plain slice. A buffer is
/// only written through [`Buffer::make_mut`], which copies it first if it is shared.
pub struct Buffer<T>(Arc<Vec<T>>);

impl<T> Buffer<T> {
    /// True if both buffers are the same allocation.
    pub fn shares(&self, other: &Buffer<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The values as a vector, without copying when this is the only reference.
    pub fn try_into_vec(self) -> Result<Vec<T>, Buffer<T>> {
        Arc::try_unwrap(self.0).map_err(Buffer)
    }
}

impl<T: Clone> Buffer<T> {
    /// The values, writable: copied first if another tensor shares them.
    pub fn make_mut(&mut self) -> &mut [T] {
        Arc::make_mut(&mut self.0).as_mut_slice()
    }

    /// The values as a vector (copied only if shared).
    pub fn into_vec(self) -> Vec<T> {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| shared.to_vec())
    }
}

impl<T> Clone for Buffer<T> {
    fn clone(&self) -> Self {
        Buffer(Arc::clone(&self.0))
    }
}

impl<T> Deref for Buffer<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> From<Vec<T>> for Buffer<T> {
    fn from(v: Vec<T>) -> Self {
        Buffer(Arc::new(v))
    }
}

impl<T: fmt::Debug> fmt::Debug for Buffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Buffer<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0[..] == other.0[..]
    }
}

/// The values of a tensor, row-major.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// Any float dtype: values already rounded to the dtype, held as `f32`.
    F32(Buffer<f32>),
    /// Integer dtypes and `i1` (0 or 1): values already in the dtype's range.
    I64(Buffer<i64>),
}

impl From<Vec<f32>> for Data {
    fn from(v: Vec<f32>) -> Self {
        Data::F32(v.into())
    }
}

impl From<Vec<i64>> for Data {
    fn from(v: Vec<i64>) -> Self {
        Data::I64(v.into())
    }
}

impl Data {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Data::F32(v) => v.len(),
            Data::I64(v) => v.len(),
        }
    }

    /// True if there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The float values, if any.
    pub fn as_f32(&self) -> Option<&[f32]> {
        match self {
            Data::F32(v) => Some(v),
            Data::I64(_) => None,
        }
    }

    /// The integer values, if any.
    pub fn as_i64(&self) -> Option<&[i64]> {
        match self {
            Data::I64(v) => Some(v),
            Data::F32(_) => None,
        }
    }

    /// `"f32"` or `"i64"`: the kind of storage, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Data::F32(_) => "f32",
            Data::I64(_) => "i64",
        }
    }
}

/// A tensor value of the interpreter.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    /// Element type (the IR's).
    pub dtype: Scalar,
    /// Dimension sizes, outermost first.
    pub shape: Vec<usize>,
    /// The values.
    pub data: Data,
}

/// Number of elements of a shape, or `None` on overflow.
pub fn checked_numel(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// The smallest and largest value of an integer type (`ui64`: its bit patterns, all of `i64`).
fn int_range(dtype: Scalar) -> (i64, i64) {
    dtype.int_range().unwrap_or((i64::MIN, i64::MAX))
}

impl Tensor {
    /// A float tensor; `values` are rounded to `dtype` (round-to-nearest-even).
    pub fn from_f32(
        dtype: Scalar,
        shape: Vec<usize>,
        values: Vec<f32>,
    ) -> Result<Tensor, InterpError> {
        if !dtype.is_float() {
            return Err(InterpError::Tensor(format!(
                "from_f32 needs a float element type, not {dtype}"
            )));
        }
        let mut t = Tensor {
            dtype,
            shape,
            data: values.into(),
        };
        t.check()?;
        if let Data::F32(v) = &mut t.data {
            round_slice(dtype, v.make_mut());
        }
        Ok(t)
    }

    /// An integer (or `i1`) tensor; every value must lie in the range of `dtype`.
    pub fn from_i64(
        dtype: Scalar,
        shape: Vec<usize>,
        values: Vec<i64>,
    ) -> Result<Tensor, InterpError> {
        if !dtype.is_integer() {
            return Err(InterpError::Tensor(format!(
                "from_i64 needs an integer element type, not {dtype}"
            )));
        }
        let (lo, hi) = int_range(dtype);
        if let Some(v) = values.iter().find(|&&v| v < lo || v > hi) {
            return Err(InterpError::Tensor(format!(
                "value {v} is out of the range [{lo}, {hi}] of {dtype}"
            )));
        }
        let t = Tensor {
            dtype,
            shape,
            data: values.into(),
        };
        t.check()?;
        Ok(t)
    }

    /// The tensor held by a `dense<…>` attribute (splats expanded).
    ///
    /// A malformed buffer (neither one element nor all of them) reads its missing elements as 0.
    pub fn from_dense(d: &DenseElements) -> Tensor {
        let shape: Vec<usize> = d.ty.shape.iter().map(|&x| x.max(0) as usize).collect();
        let n = checked_numel(&shape).unwrap_or(0);
        let elem = d.ty.elem;
        let eb = elem.storage_bytes();
        let readable = d.is_splat() || d.data.len() >= n * eb;
        let data = if elem.is_float() {
            let mut v = if elem == Scalar::F32 && !d.is_splat() && readable {
                d.data
                    .chunks_exact(4)
                    .take(n)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            } else if readable {
                (0..n).map(|i| d.get_f64(i) as f32).collect()
            } else {
                vec![0.0; n]
            };
            round_slice(elem, &mut v);
            v.into()
        } else if readable {
            Data::I64(
                (0..n)
                    .map(|i| wrap_i64(elem, d.get_i64(i)))
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else {
            Data::I64(vec![0; n].into())
        };
        Tensor {
            dtype: elem,
            shape,
            data,
        }
    }

    /// Number of elements (1 for rank 0).
    pub fn num_elements(&self) -> usize {
        self.shape.iter().product()
    }

    /// The values, if this is a float tensor.
    pub fn as_f32(&self) -> Option<&[f32]> {
        self.data.as_f32()
    }

    /// The values, if this is an integer tensor.
    pub fn as_i64(&self) -> Option<&[i64]> {
        self.data.as_i64()
    }

    /// The IR type `tensor<…x dtype>` of this tensor.
    pub fn ty(&self) -> Type {
        let dims: Vec<i64> = self.shape.iter().map(|&d| d as i64).collect();
        Type::tensor(&dims, self.dtype)
    }

    /// Checks that the data kind fits the dtype and the data length fits the shape.
    pub(crate) fn check(&self) -> Result<(), InterpError> {
        let n = checked_numel(&self.shape).ok_or_else(|| {
            InterpError::Tensor(format!("shape {:?} has too many elements", self.shape))
        })?;
        let kind_ok = match self.data {
            Data::F32(_) => self.dtype.is_float(),
            Data::I64(_) => self.dtype.is_integer(),
        };
        if !kind_ok {
            return Err(InterpError::Tensor(format!(
                "element type {} cannot hold {} data",
                self.dtype,
                self.data.kind_name()
            )));
        }
        if self.data.len() != n {
            return Err(InterpError::Tensor(format!(
                "shape {:?} needs {n} values, but {} were given",
                self.shape,
                self.data.len()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn constructors_check_and_round() {
        let t = Tensor::from_f32(Scalar::BF16, vec![2], vec![1.0 + 2f32.powi(-9), 3.0]).unwrap();
        assert_eq!(t.as_f32().unwrap(), &[1.0, 3.0]);
        assert_eq!(t.ty().to_string(), "tensor<2xbf16>");
        assert!(Tensor::from_f32(Scalar::F32, vec![3], vec![1.0]).is_err());
        assert!(Tensor::from_f32(Scalar::I32, vec![1], vec![1.0]).is_err());
        assert!(Tensor::from_i64(Scalar::I8, vec![1], vec![300]).is_err());
        assert!(Tensor::from_i64(Scalar::I1, vec![2], vec![0, 1]).is_ok());
        assert!(Tensor::from_f32(Scalar::F32, vec![usize::MAX, 3], vec![]).is_err());
    }

    #[test]
    fn dense_splat_expands() {
        let ty = Arc::new(neuron_ir::TensorType {
            shape: [2i64, 2][..].into(),
            elem: Scalar::F16,
        });
        let d = DenseElements::from_f64(ty, &[1.5]).unwrap();
        let t = Tensor::from_dense(&d);
        assert_eq!(t.shape, vec![2, 2]);
        assert_eq!(t.as_f32().unwrap(), &[1.5; 4]);
    }
}
