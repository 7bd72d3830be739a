//! ONNX element types and tensor data: `TensorProto` (raw bytes, typed fields or an external
//! file) decoded into the IR's little-endian `DenseElements`, with one copy of the bytes.

use crate::proto::{data_type as dt, TensorProto, DATA_LOCATION_EXTERNAL};
use neuron_ir::{DenseElements, Scalar, TensorType};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path};
use std::sync::Arc;

/// The IR element type of an ONNX data type. DOUBLE maps to f32 (narrowed at import).
pub fn elem_type(code: i32) -> Result<Scalar, String> {
    Ok(match code {
        dt::FLOAT => Scalar::F32,
        dt::FLOAT16 => Scalar::F16,
        dt::BFLOAT16 => Scalar::BF16,
        dt::DOUBLE => Scalar::F32,
        dt::INT64 => Scalar::I64,
        dt::INT32 => Scalar::I32,
        dt::INT8 => Scalar::I8,
        dt::BOOL => Scalar::I1,
        dt::FLOAT8E4M3FN => Scalar::F8E4M3FN,
        dt::FLOAT8E5M2 => Scalar::F8E5M2,
        dt::FLOAT8E4M3FNUZ => Scalar::F8E4M3FNUZ,
        dt::FLOAT8E5M2FNUZ => Scalar::F8E5M2FNUZ,
        dt::FLOAT8E8M0 => Scalar::F8E8M0FNU,
        dt::FLOAT4E2M1 => Scalar::F4E2M1FN,
        dt::INT16 => Scalar::I16,
        dt::INT4 => Scalar::I4,
        dt::INT2 => Scalar::I2,
        dt::UINT8 => Scalar::UI8,
        dt::UINT16 => Scalar::UI16,
        dt::UINT32 => Scalar::UI32,
        dt::UINT64 => Scalar::UI64,
        dt::UINT4 => Scalar::UI4,
        dt::UINT2 => Scalar::UI2,
        other => {
            return Err(format!(
                "element type {} is not supported (supported: FLOAT, FLOAT16, BFLOAT16, \
                 DOUBLE as f32, INT64, INT32, INT16, INT8, INT4, INT2, UINT64, UINT32, UINT16, \
                 UINT8, UINT4, UINT2, BOOL, FLOAT8E4M3FN, FLOAT8E5M2, FLOAT8E4M3FNUZ, \
                 FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1)",
                dt::name(other)
            ))
        }
    })
}

/// Bits per element of the ONNX types packed several to a byte (low bits first), if `code` is one.
fn packed_bits(code: i32) -> Option<usize> {
    match code {
        dt::INT4 | dt::UINT4 | dt::FLOAT4E2M1 => Some(4),
        dt::INT2 | dt::UINT2 => Some(2),
        _ => None,
    }
}

/// The `n` elements of `bits` bits each packed in `bytes` (low bits first), one byte each.
fn unpack(bytes: impl Iterator<Item = u8>, bits: usize, n: usize) -> Vec<u8> {
    let per = 8 / bits;
    let mask = (1u8 << bits) - 1;
    bytes
        .flat_map(|b| (0..per).map(move |k| (b >> (k * bits)) & mask))
        .take(n)
        .collect()
}

/// A tensor type from a static shape and element type.
pub fn tensor_type(shape: &[i64], elem: Scalar) -> Arc<TensorType> {
    Arc::new(TensorType {
        shape: shape.into(),
        elem,
    })
}

/// The element count of `dims`, or why it is not a valid static shape.
pub fn element_count(dims: &[i64]) -> Result<usize, String> {
    let mut n: usize = 1;
    for &d in dims {
        let d = usize::try_from(d).map_err(|_| format!("dimension {d} is negative"))?;
        n = n
            .checked_mul(d)
            .filter(|&n| n <= (isize::MAX as usize) / 8)
            .ok_or_else(|| format!("shape {dims:?} has too many elements"))?;
    }
    Ok(n)
}

/// Decodes a tensor. `what` names it in messages; `base_dir` resolves external data.
///
/// DOUBLE elements are narrowed to f32; their count is added to `narrowed`.
pub fn decode_tensor(
    t: &TensorProto,
    what: &str,
    base_dir: Option<&Path>,
    narrowed: &mut usize,
) -> Result<Arc<DenseElements>, String> {
    decode_inner(t, base_dir, narrowed).map_err(|e| format!("{what}: {e}"))
}

fn decode_inner(
    t: &TensorProto,
    base_dir: Option<&Path>,
    narrowed: &mut usize,
) -> Result<Arc<DenseElements>, String> {
    if let Some(seg) = &t.segment {
        return Err(format!(
            "segmented tensors (segment {}..{}) are not supported",
            seg.begin, seg.end
        ));
    }
    let elem = elem_type(t.data_type)?;
    let n = element_count(&t.dims)?;
    let ty = tensor_type(&t.dims, elem);
    if t.data_type == dt::DOUBLE {
        *narrowed += n;
    }
    let data = if t.data_location == DATA_LOCATION_EXTERNAL {
        let bytes = read_external(t, base_dir)?;
        from_raw(t.data_type, elem, n, &bytes)?
    } else if !t.raw_data.is_empty() {
        from_raw(t.data_type, elem, n, &t.raw_data)?
    } else {
        from_typed(t, elem, n)?
    };
    DenseElements::new(ty, data)
        .map(Arc::new)
        .ok_or_else(|| "element data does not match the shape".to_string())
}

/// Bytes of `raw_data` (or an external file) converted to the IR's storage.
fn from_raw(code: i32, elem: Scalar, n: usize, raw: &[u8]) -> Result<Vec<u8>, String> {
    let src_width = if code == dt::DOUBLE {
        8
    } else {
        elem.storage_bytes()
    };
    let want = match packed_bits(code) {
        Some(bits) => (n * bits).div_ceil(8),
        None => n * src_width,
    };
    if raw.len() != want {
        return Err(format!(
            "raw data has {} bytes, but {n} elements of {} need {want}",
            raw.len(),
            dt::name(code)
        ));
    }
    if let Some(bits) = packed_bits(code) {
        return Ok(unpack(raw.iter().copied(), bits, n));
    }
    Ok(match code {
        dt::DOUBLE => {
            let mut out = Vec::with_capacity(n * 4);
            for c in raw.chunks_exact(8) {
                let v = f64::from_le_bytes(c.try_into().expect("chunks of 8"));
                out.extend_from_slice(&(v as f32).to_le_bytes());
            }
            out
        }
        dt::BOOL => raw.iter().map(|&b| u8::from(b != 0)).collect(),
        _ => raw.to_vec(),
    })
}

/// Elements from the typed repeated fields.
fn from_typed(t: &TensorProto, elem: Scalar, n: usize) -> Result<Vec<u8>, String> {
    let code = t.data_type;
    let (field, count) = match code {
        dt::FLOAT => ("float_data", t.float_data.len()),
        dt::INT64 => ("int64_data", t.int64_data.len()),
        dt::DOUBLE => ("double_data", t.double_data.len()),
        dt::UINT32 | dt::UINT64 => ("uint64_data", t.uint64_data.len()),
        _ => ("int32_data", t.int32_data.len()),
    };
    // Packed types hold one byte of packed elements per int32_data value.
    let want = packed_bits(code).map_or(n, |bits| (n * bits).div_ceil(8));
    if count != want {
        return Err(if count == 0 {
            format!(
                "has no data: {n} elements of {} expected in raw_data or {field}",
                dt::name(code)
            )
        } else {
            format!("{field} has {count} values, but the shape needs {want}")
        });
    }
    if let Some(bits) = packed_bits(code) {
        return Ok(unpack(t.int32_data.iter().map(|&v| v as u8), bits, n));
    }
    let mut out = Vec::with_capacity(n * elem.storage_bytes());
    match code {
        dt::FLOAT => t
            .float_data
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes())),
        dt::INT64 => t
            .int64_data
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes())),
        dt::DOUBLE => t
            .double_data
            .iter()
            .for_each(|&v| out.extend_from_slice(&(v as f32).to_le_bytes())),
        dt::BOOL => out.extend(t.int32_data.iter().map(|&v| u8::from(v != 0))),
        dt::UINT32 | dt::UINT64 => {
            let eb = elem.storage_bytes();
            t.uint64_data
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()[..eb]));
        }
        _ => {
            let eb = elem.storage_bytes();
            t.int32_data
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()[..eb]));
        }
    }
    Ok(out)
}

/// The value of key `key` in a tensor's `external_data`.
fn external_key<'a>(t: &'a TensorProto, key: &str) -> Option<&'a str> {
    t.external_data
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.value.as_str())
}

fn external_number(t: &TensorProto, key: &str) -> Result<Option<u64>, String> {
    external_key(t, key)
        .map(|v| {
            v.trim()
                .parse::<u64>()
                .map_err(|_| format!("external data {key} '{v}' is not a non-negative integer"))
        })
        .transpose()
}

/// Reads the bytes of an externally stored tensor (`location`, `offset`, `length`).
fn read_external(t: &TensorProto, base_dir: Option<&Path>) -> Result<Vec<u8>, String> {
    let location = external_key(t, "location").ok_or("external data has no 'location' entry")?;
    let rel = Path::new(location);
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!(
            "external data location '{location}' must be a relative path inside the model's directory"
        ));
    }
    let base = base_dir.ok_or_else(|| {
        format!("external data '{location}' needs the model's directory (import from a file)")
    })?;
    let path = base.join(rel);
    let io_err =
        |e: std::io::Error| format!("external data file '{}': {}", path.display(), io_text(&e));
    let mut file = File::open(&path).map_err(io_err)?;
    let size = file.metadata().map_err(io_err)?.len();
    let offset = external_number(t, "offset")?.unwrap_or(0);
    let length = match external_number(t, "length")? {
        Some(l) => l,
        None => size.saturating_sub(offset),
    };
    let end = offset.saturating_add(length);
    if end > size {
        return Err(format!(
            "external data file '{}' has {size} bytes, but the tensor needs bytes {offset}..{end}",
            path.display()
        ));
    }
    let len = usize::try_from(length).map_err(|_| "external data is too large".to_string())?;
    let mut buf = vec![0u8; len];
    file.seek(SeekFrom::Start(offset)).map_err(io_err)?;
    file.read_exact(&mut buf).map_err(io_err)?;
    Ok(buf)
}

/// An I/O error's text without the ` (os error N)` suffix.
pub(crate) fn io_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
