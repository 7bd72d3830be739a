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
        (Data::I64(v), s @ (Scalar::I32 | Scalar::I8 | Scalar::I1)) => {
            p.data_type = match s {
                Scalar::I32 => dt::INT32,
                Scalar::I8 => dt::INT8,
                _ => dt::BOOL,
            };
            p.int32_data = v.iter().map(|&x| x as i32).collect();
        }
        _ => return None,
    }
    Some(p)
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
