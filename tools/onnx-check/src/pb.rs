//! `TensorProto` files (`input_0.pb`, `output_0.pb` of the ONNX backend tests) read into
//! interpreter tensors, with the importer's own decoder (so DOUBLE is narrowed to f32).

use crate::error::{CheckError, Result};
use bytes::Bytes;
use neuron_interp::{Data, Tensor};
use neuron_onnx::proto::TensorProto;
use neuron_onnx::tensor::decode_tensor;
use prost::Message;
use std::path::Path;

/// Reads and decodes one `TensorProto` file.
pub fn read_proto(path: &Path) -> Result<TensorProto> {
    let bytes = std::fs::read(path).map_err(|e| CheckError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    TensorProto::decode(Bytes::from(bytes)).map_err(|e| CheckError::Tensor {
        path: path.display().to_string(),
        message: format!("not a TensorProto ({e})"),
    })
}

/// The tensor a `TensorProto` holds; `path` names it in messages.
pub fn to_tensor(t: &TensorProto, path: &Path) -> Result<Tensor> {
    let mut narrowed = 0;
    let dense =
        decode_tensor(t, "tensor", None, &mut narrowed).map_err(|message| CheckError::Tensor {
            path: path.display().to_string(),
            message,
        })?;
    Ok(Tensor::from_dense(&dense))
}

/// Reads a `TensorProto` file as a tensor.
pub fn read_tensor(path: &Path) -> Result<Tensor> {
    to_tensor(&read_proto(path)?, path)
}

/// A `TensorProto` holding `t` (FP32 or integer element types; `None` for other floats).
pub fn from_tensor(t: &Tensor) -> Option<TensorProto> {
    use neuron_ir::Scalar;
    use neuron_onnx::proto::data_type as dt;
    let dims = t.shape.iter().map(|&d| d as i64).collect();
    let mut p = TensorProto {
        dims,
        ..Default::default()
    };
    match (&t.data, t.dtype) {
        (Data::F32(v), Scalar::F32) => {
            p.data_type = dt::FLOAT;
            p.float_data = v.to_vec();
        }
        (Data::I64(v), Scalar::I64) => {
            p.data_type = dt::INT64;
            p.int64_data = v.to_vec();
        }
        (Data::I64(v), Scalar::UI32 | Scalar::UI64) => {
            p.data_type = if t.dtype == Scalar::UI32 {
                dt::UINT32
            } else {
                dt::UINT64
            };
            p.uint64_data = v.iter().map(|&x| x as u64).collect();
        }
        (Data::I64(v), s) if packed_code(s).is_some() => {
            let (code, bits) = packed_code(s)?;
            p.data_type = code;
            p.int32_data = pack(v, bits);
        }
        (Data::I64(v), s) => {
            p.data_type = match s {
                Scalar::I32 => dt::INT32,
                Scalar::I16 => dt::INT16,
                Scalar::I8 => dt::INT8,
                Scalar::UI16 => dt::UINT16,
                Scalar::UI8 => dt::UINT8,
                Scalar::I1 => dt::BOOL,
                _ => return None,
            };
            p.int32_data = v.iter().map(|&x| x as i32).collect();
        }
        _ => return None,
    }
    Some(p)
}

/// The ONNX code and bits per element of the integer types ONNX packs several to a byte.
fn packed_code(s: neuron_ir::Scalar) -> Option<(i32, usize)> {
    use neuron_ir::Scalar;
    use neuron_onnx::proto::data_type as dt;
    Some(match s {
        Scalar::I4 => (dt::INT4, 4),
        Scalar::UI4 => (dt::UINT4, 4),
        Scalar::I2 => (dt::INT2, 2),
        Scalar::UI2 => (dt::UINT2, 2),
        _ => return None,
    })
}

/// Integer values packed `8 / bits` to a byte, low bits first, one byte per `int32_data` value.
fn pack(v: &[i64], bits: usize) -> Vec<i32> {
    let mask = (1i64 << bits) - 1;
    v.chunks(8 / bits)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0i32, |b, (k, &x)| b | (((x & mask) as i32) << (k * bits)))
        })
        .collect()
}

/// The files `prefix_0.pb`, `prefix_1.pb`, … that exist in `dir`, in order.
pub fn numbered(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    (0..)
        .map(|i| dir.join(format!("{prefix}_{i}.pb")))
        .take_while(|p| p.is_file())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuron_onnx::proto::data_type;

    #[test]
    fn reads_float_and_int_tensors() {
        let dir = tempfile::tempdir().unwrap();
        let f = TensorProto {
            dims: vec![2],
            data_type: data_type::FLOAT,
            float_data: vec![1.5, -2.0],
            ..Default::default()
        };
        let p = dir.path().join("input_0.pb");
        std::fs::write(&p, f.encode_to_vec()).unwrap();
        let t = read_tensor(&p).unwrap();
        assert_eq!(t.shape, vec![2]);
        assert_eq!(t.as_f32().unwrap(), &[1.5, -2.0]);
        let i = TensorProto {
            dims: vec![],
            data_type: data_type::INT64,
            int64_data: vec![7],
            ..Default::default()
        };
        let q = dir.path().join("input_1.pb");
        std::fs::write(&q, i.encode_to_vec()).unwrap();
        assert_eq!(read_tensor(&q).unwrap().as_i64().unwrap(), &[7]);
        assert_eq!(numbered(dir.path(), "input"), vec![p, q]);
        let round = from_tensor(&t).unwrap();
        assert_eq!(to_tensor(&round, Path::new("r")).unwrap(), t);
    }

    #[test]
    fn unsigned_and_packed_integers_round_trip() {
        use neuron_ir::Scalar;
        let cases = [
            (Scalar::UI64, vec![-1i64, 3, 0]),
            (Scalar::UI32, vec![4_294_967_295, 0, 1]),
            (Scalar::I4, vec![-8, 7, -1]),
            (Scalar::UI2, vec![3, 0, 2]),
            (Scalar::I16, vec![-300, 300, 0]),
            (Scalar::UI8, vec![255, 0, 1]),
        ];
        for (dtype, values) in cases {
            let t = Tensor::from_i64(dtype, vec![3], values).unwrap();
            let p = from_tensor(&t).unwrap_or_else(|| panic!("{dtype} cannot be saved"));
            assert_eq!(to_tensor(&p, Path::new("r")).unwrap(), t, "{dtype}");
        }
        let t = Tensor::from_i64(Scalar::I4, vec![3], vec![-8, 7, -1]).unwrap();
        assert_eq!(
            from_tensor(&t).unwrap().int32_data,
            [0x78, 0x0F],
            "low bits first"
        );
    }

    #[test]
    fn unsupported_types_and_garbage_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let s = TensorProto {
            dims: vec![1],
            data_type: data_type::STRING,
            ..Default::default()
        };
        let p = dir.path().join("s.pb");
        std::fs::write(&p, s.encode_to_vec()).unwrap();
        assert!(read_tensor(&p).unwrap_err().to_string().contains("STRING"));
        std::fs::write(&p, [0xff, 0xff, 0xff]).unwrap();
        assert!(read_tensor(&p).is_err());
        assert!(read_tensor(&dir.path().join("missing.pb")).is_err());
    }
}
