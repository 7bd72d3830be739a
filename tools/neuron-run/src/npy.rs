//! `.npy` files through the `npyz` crate: reading any numeric array (C or Fortran order, either
//! byte order) into a flat row-major buffer, and writing an interpreter tensor atomically.
//!
//! Dtypes written: `<f4` for f32, tf32, bf16 and the f8 types (numpy has no bf16/tf32/f8 dtype:
//! their values are exact in float32; also the FNUZ, f4 and E8M0 types), `<f2` for f16, `<i8`
//! for i64/index, `<i4` for i32, `<i2` for i16, `|i1` for i8, i4 and i2, `<u8`, `<u4`, `<u2`
//! for ui64, ui32, ui16, `|u1` for ui8, ui4 and ui2, and `|b1` for i1.

use neuron_interp::Tensor;
use neuron_ir::Scalar;
use npyz::{DType, Order, TypeChar, WriterBuilder};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

/// The element values of a `.npy` file, widened to one type per kind.
#[derive(Clone, Debug, PartialEq)]
pub enum NpyValues {
    /// `f4`.
    F32(Vec<f32>),
    /// `f2` (as its exact f32 values).
    F16(Vec<f32>),
    /// `f8`.
    F64(Vec<f64>),
    /// `i1`…`i8`.
    Int(Vec<i64>),
    /// `u1`…`u8`.
    UInt(Vec<u64>),
    /// `b1`.
    Bool(Vec<bool>),
}

/// An array read from a `.npy` file, in row-major (C) order.
#[derive(Clone, Debug, PartialEq)]
pub struct NpyArray {
    /// Dimension sizes.
    pub shape: Vec<usize>,
    /// The dtype as numpy spells it (`<f4`), for messages.
    pub descr: String,
    /// The elements.
    pub values: NpyValues,
}

/// Why a `.npy` file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum NpyError {
    /// Opening or reading the file failed.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file is not a well-formed `.npy` file.
    #[error("not a valid .npy file: {0}")]
    Malformed(String),
    /// A well-formed file of a dtype neuron-run does not read (strings, records, complex…).
    #[error("unsupported dtype '{0}' (expected a float, integer or bool array)")]
    UnsupportedDtype(String),
}

/// Reads the `.npy` file at `path`.
pub fn read_npy(path: &Path) -> Result<NpyArray, NpyError> {
    let file = File::open(path).map_err(|e| NpyError::Io(neuron_driver::error::io_message(&e)))?;
    read_npy_from(BufReader::new(file))
}

/// Reads a `.npy` stream.
pub fn read_npy_from(reader: impl Read) -> Result<NpyArray, NpyError> {
    let npy = npyz::NpyFile::new(reader).map_err(malformed)?;
    let descr = npy.dtype().descr().trim_matches('\'').to_string();
    let DType::Plain(ts) = npy.dtype() else {
        return Err(NpyError::UnsupportedDtype(descr));
    };
    let shape = npy
        .shape()
        .iter()
        .map(|&d| usize::try_from(d).map_err(|_| NpyError::Malformed("dimension too large".into())))
        .collect::<Result<Vec<_>, _>>()?;
    let order = npy.order();
    let values = match (ts.type_char(), ts.size_field()) {
        (TypeChar::Float, 4) => NpyValues::F32(npy.into_vec().map_err(malformed)?),
        (TypeChar::Float, 2) => NpyValues::F16(widen(npy.into_vec::<half::f16>(), f32::from)?),
        (TypeChar::Float, 8) => NpyValues::F64(npy.into_vec().map_err(malformed)?),
        (TypeChar::Int, 1) => NpyValues::Int(widen(npy.into_vec::<i8>(), i64::from)?),
        (TypeChar::Int, 2) => NpyValues::Int(widen(npy.into_vec::<i16>(), i64::from)?),
        (TypeChar::Int, 4) => NpyValues::Int(widen(npy.into_vec::<i32>(), i64::from)?),
        (TypeChar::Int, 8) => NpyValues::Int(npy.into_vec().map_err(malformed)?),
        (TypeChar::Uint, 1) => NpyValues::UInt(widen(npy.into_vec::<u8>(), u64::from)?),
        (TypeChar::Uint, 2) => NpyValues::UInt(widen(npy.into_vec::<u16>(), u64::from)?),
        (TypeChar::Uint, 4) => NpyValues::UInt(widen(npy.into_vec::<u32>(), u64::from)?),
        (TypeChar::Uint, 8) => NpyValues::UInt(npy.into_vec().map_err(malformed)?),
        (TypeChar::Bool, 1) => NpyValues::Bool(npy.into_vec().map_err(malformed)?),
        _ => return Err(NpyError::UnsupportedDtype(descr)),
    };
    let values = match order {
        Order::C => values,
        Order::Fortran => values.into_c_order(&shape),
    };
    Ok(NpyArray {
        shape,
        descr,
        values,
    })
}

/// An npyz read failure as a malformed-file error.
fn malformed(e: io::Error) -> NpyError {
    let text = e.to_string();
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return NpyError::Malformed("the file ends before all of its elements".into());
    }
    NpyError::Malformed(text)
}

/// Converts every element of a successful read.
fn widen<T, U>(read: io::Result<Vec<T>>, f: impl Fn(T) -> U) -> Result<Vec<U>, NpyError> {
    Ok(read.map_err(malformed)?.into_iter().map(f).collect())
}

impl NpyValues {
    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            NpyValues::F32(v) | NpyValues::F16(v) => v.len(),
            NpyValues::F64(v) => v.len(),
            NpyValues::Int(v) => v.len(),
            NpyValues::UInt(v) => v.len(),
            NpyValues::Bool(v) => v.len(),
        }
    }

    /// True if there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same values reordered from column-major (Fortran) to row-major order.
    fn into_c_order(self, shape: &[usize]) -> NpyValues {
        match self {
            NpyValues::F32(v) => NpyValues::F32(fortran_to_c(&v, shape)),
            NpyValues::F16(v) => NpyValues::F16(fortran_to_c(&v, shape)),
            NpyValues::F64(v) => NpyValues::F64(fortran_to_c(&v, shape)),
            NpyValues::Int(v) => NpyValues::Int(fortran_to_c(&v, shape)),
            NpyValues::UInt(v) => NpyValues::UInt(fortran_to_c(&v, shape)),
            NpyValues::Bool(v) => NpyValues::Bool(fortran_to_c(&v, shape)),
        }
    }
}

/// `data` in column-major order over `shape`, returned in row-major order.
pub fn fortran_to_c<T: Copy>(data: &[T], shape: &[usize]) -> Vec<T> {
    let rank = shape.len();
    // Column-major strides: the first dimension varies fastest.
    let mut strides = vec![1usize; rank];
    for i in 1..rank {
        strides[i] = strides[i - 1] * shape[i - 1];
    }
    let mut index = vec![0usize; rank];
    let mut out = Vec::with_capacity(data.len());
    for _ in 0..data.len() {
        let src: usize = index.iter().zip(&strides).map(|(i, s)| i * s).sum();
        out.push(data[src]);
        // Advance the row-major multi-index: the last dimension varies fastest.
        for d in (0..rank).rev() {
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    out
}

/// The numpy dtype a tensor of element type `dtype` is written as.
pub fn npy_descr(dtype: Scalar) -> &'static str {
    match dtype {
        Scalar::F16 => "<f2",
        Scalar::I64 | Scalar::Index => "<i8",
        Scalar::I32 => "<i4",
        Scalar::I16 => "<i2",
        Scalar::I8 | Scalar::I4 | Scalar::I2 => "|i1",
        Scalar::UI64 => "<u8",
        Scalar::UI32 => "<u4",
        Scalar::UI16 => "<u2",
        Scalar::UI8 | Scalar::UI4 | Scalar::UI2 => "|u1",
        Scalar::I1 => "|b1",
        _ => "<f4",
    }
}

/// Writes `t` as a `.npy` stream (see the module doc for the dtypes).
pub fn write_npy_to(t: &Tensor, w: impl Write) -> io::Result<()> {
    let shape: Vec<u64> = t.shape.iter().map(|&d| d as u64).collect();
    let bad = || io::Error::other("tensor data does not match its dtype");
    if t.dtype.is_float() {
        let v = t.as_f32().ok_or_else(bad)?;
        if t.dtype == Scalar::F16 {
            return write_all(&shape, v.iter().map(|&x| half::f16::from_f32(x)), w);
        }
        return write_all(&shape, v.iter().copied(), w);
    }
    let v = t.as_i64().ok_or_else(bad)?;
    match t.dtype {
        Scalar::I1 => write_all(&shape, v.iter().map(|&x| x != 0), w),
        // The interpreter keeps i8/i32 values in range; `as` only drops bits it never sets.
        Scalar::I8 | Scalar::I4 | Scalar::I2 => write_all(&shape, v.iter().map(|&x| x as i8), w),
        Scalar::I16 => write_all(&shape, v.iter().map(|&x| x as i16), w),
        Scalar::I32 => write_all(&shape, v.iter().map(|&x| x as i32), w),
        Scalar::UI8 | Scalar::UI4 | Scalar::UI2 => write_all(&shape, v.iter().map(|&x| x as u8), w),
        Scalar::UI16 => write_all(&shape, v.iter().map(|&x| x as u16), w),
        Scalar::UI32 => write_all(&shape, v.iter().map(|&x| x as u32), w),
        Scalar::UI64 => write_all(&shape, v.iter().map(|&x| x as u64), w),
        _ => write_all(&shape, v.iter().copied(), w),
    }
}

/// Writes a header and the elements, in C order with the type's default (native) dtype.
fn write_all<T: npyz::AutoSerialize>(
    shape: &[u64],
    values: impl IntoIterator<Item = T>,
    w: impl Write,
) -> io::Result<()> {
    let mut writer = npyz::WriteOptions::new()
        .default_dtype()
        .shape(shape)
        .writer(w)
        .begin_nd()?;
    writer.extend(values)?;
    writer.finish()
}

/// Writes `t` to `path` atomically: a temporary file beside it, renamed over it when complete.
pub fn write_npy(t: &Tensor, path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".neuron-run-").suffix(".tmp");
    // A new file gets the usual 0666-minus-umask permissions, not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    let mut buf = BufWriter::new(tmp);
    write_npy_to(t, &mut buf)?;
    let tmp = buf.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_and_narrow_integers_are_written_in_their_numpy_dtype() {
        let cases = [
            (
                Scalar::UI64,
                vec![-1i64, 2],
                "<u8",
                NpyValues::UInt(vec![u64::MAX, 2]),
            ),
            (
                Scalar::UI8,
                vec![255, 0],
                "|u1",
                NpyValues::UInt(vec![255, 0]),
            ),
            (
                Scalar::UI4,
                vec![15, 1],
                "|u1",
                NpyValues::UInt(vec![15, 1]),
            ),
            (
                Scalar::I16,
                vec![-300, 300],
                "<i2",
                NpyValues::Int(vec![-300, 300]),
            ),
            (Scalar::I4, vec![-8, 7], "|i1", NpyValues::Int(vec![-8, 7])),
        ];
        for (dtype, values, descr, want) in cases {
            let t = Tensor::from_i64(dtype, vec![2], values).unwrap();
            assert_eq!(npy_descr(dtype), descr);
            let mut buf = Vec::new();
            write_npy_to(&t, &mut buf).unwrap();
            let back = read_npy_from(&buf[..]).unwrap();
            assert_eq!(back.descr, descr, "{dtype}");
            assert_eq!(back.values, want, "{dtype}");
        }
    }

    #[test]
    fn fortran_order_is_transposed_to_c_order() {
        // The 2x3 matrix [[0, 1, 2], [3, 4, 5]] stored column by column.
        let fortran = [0, 3, 1, 4, 2, 5];
        assert_eq!(fortran_to_c(&fortran, &[2, 3]), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(fortran_to_c(&[7], &[]), vec![7]);
    }
}
