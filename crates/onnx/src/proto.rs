//! The subset of `onnx.proto` the importer reads, declared by hand as `prost` messages.
//!
//! Field numbers follow the public `onnx/onnx.proto` (proto2). Fields the importer never
//! reads (sub-graphs, sparse tensors, training info, docs) are left out: protobuf skips
//! unknown fields, so models that carry them still decode. Repeated scalars that proto2
//! declares without `[packed = true]` are encoded unpacked, as the ONNX tools write them;
//! decoding accepts both encodings either way.

use bytes::Bytes;

/// `ModelProto`: the top-level container of a model file.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ModelProto {
    /// Version of the IR the model targets.
    #[prost(int64, tag = "1")]
    pub ir_version: i64,
    /// The operator sets the model imports.
    #[prost(message, repeated, tag = "8")]
    pub opset_import: Vec<OperatorSetIdProto>,
    /// Name of the producing tool.
    #[prost(string, tag = "2")]
    pub producer_name: String,
    /// Version of the producing tool.
    #[prost(string, tag = "3")]
    pub producer_version: String,
    /// Reverse-DNS domain of the model.
    #[prost(string, tag = "4")]
    pub domain: String,
    /// Version of the model.
    #[prost(int64, tag = "5")]
    pub model_version: i64,
    /// Documentation.
    #[prost(string, tag = "6")]
    pub doc_string: String,
    /// The main graph.
    #[prost(message, optional, tag = "7")]
    pub graph: Option<GraphProto>,
    /// Named metadata.
    #[prost(message, repeated, tag = "14")]
    pub metadata_props: Vec<StringStringEntryProto>,
}

/// `OperatorSetIdProto`: one imported operator set.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OperatorSetIdProto {
    /// Domain; empty (or `ai.onnx`) is the default ONNX operator set.
    #[prost(string, tag = "1")]
    pub domain: String,
    /// Version of the operator set.
    #[prost(int64, tag = "2")]
    pub version: i64,
}

/// `StringStringEntryProto`: a key/value pair.
#[derive(Clone, PartialEq, prost::Message)]
pub struct StringStringEntryProto {
    /// Key.
    #[prost(string, tag = "1")]
    pub key: String,
    /// Value.
    #[prost(string, tag = "2")]
    pub value: String,
}

/// `GraphProto`: nodes, initializers, inputs and outputs.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GraphProto {
    /// Nodes (should be topologically sorted; the importer sorts them anyway).
    #[prost(message, repeated, tag = "1")]
    pub node: Vec<NodeProto>,
    /// Graph name.
    #[prost(string, tag = "2")]
    pub name: String,
    /// Constant tensors, by name.
    #[prost(message, repeated, tag = "5")]
    pub initializer: Vec<TensorProto>,
    /// Documentation.
    #[prost(string, tag = "10")]
    pub doc_string: String,
    /// Graph inputs (before IR 4 these also list the initializers).
    #[prost(message, repeated, tag = "11")]
    pub input: Vec<ValueInfoProto>,
    /// Graph outputs, in order.
    #[prost(message, repeated, tag = "12")]
    pub output: Vec<ValueInfoProto>,
    /// Types and shapes of intermediate values.
    #[prost(message, repeated, tag = "13")]
    pub value_info: Vec<ValueInfoProto>,
}

/// `NodeProto`: one operator application.
#[derive(Clone, PartialEq, prost::Message)]
pub struct NodeProto {
    /// Input value names; an empty name is an omitted optional input.
    #[prost(string, repeated, tag = "1")]
    pub input: Vec<String>,
    /// Output value names.
    #[prost(string, repeated, tag = "2")]
    pub output: Vec<String>,
    /// Node name (optional).
    #[prost(string, tag = "3")]
    pub name: String,
    /// Operator name, e.g. `MatMul`.
    #[prost(string, tag = "4")]
    pub op_type: String,
    /// Operator set domain; empty is the default ONNX domain.
    #[prost(string, tag = "7")]
    pub domain: String,
    /// Attributes.
    #[prost(message, repeated, tag = "5")]
    pub attribute: Vec<AttributeProto>,
    /// Documentation.
    #[prost(string, tag = "6")]
    pub doc_string: String,
}

/// `AttributeProto.AttributeType` values.
pub mod attr_type {
    /// Not set (IR version 1: infer from the field in use).
    pub const UNDEFINED: i32 = 0;
    /// `f`.
    pub const FLOAT: i32 = 1;
    /// `i`.
    pub const INT: i32 = 2;
    /// `s`.
    pub const STRING: i32 = 3;
    /// `t`.
    pub const TENSOR: i32 = 4;
    /// `g`.
    pub const GRAPH: i32 = 5;
    /// `floats`.
    pub const FLOATS: i32 = 6;
    /// `ints`.
    pub const INTS: i32 = 7;
    /// `strings`.
    pub const STRINGS: i32 = 8;
    /// `tensors`.
    pub const TENSORS: i32 = 9;
    /// `graphs`.
    pub const GRAPHS: i32 = 10;
    /// `sparse_tensor`.
    pub const SPARSE_TENSOR: i32 = 11;
    /// `sparse_tensors`.
    pub const SPARSE_TENSORS: i32 = 12;
    /// `tp`.
    pub const TYPE_PROTO: i32 = 13;
    /// `type_protos`.
    pub const TYPE_PROTOS: i32 = 14;
}

/// `AttributeProto`: a named attribute of a node.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AttributeProto {
    /// Attribute name.
    #[prost(string, tag = "1")]
    pub name: String,
    /// Reference to an attribute of the enclosing function (not valid in a main graph).
    #[prost(string, tag = "21")]
    pub ref_attr_name: String,
    /// Documentation.
    #[prost(string, tag = "13")]
    pub doc_string: String,
    /// Which value field is in use (`attr_type::*`).
    #[prost(int32, tag = "20")]
    pub r#type: i32,
    /// Float value.
    #[prost(float, optional, tag = "2")]
    pub f: Option<f32>,
    /// Integer value.
    #[prost(int64, optional, tag = "3")]
    pub i: Option<i64>,
    /// String value (UTF-8 bytes).
    #[prost(bytes = "vec", optional, tag = "4")]
    pub s: Option<Vec<u8>>,
    /// Tensor value.
    #[prost(message, optional, tag = "5")]
    pub t: Option<TensorProto>,
    /// Float list.
    #[prost(float, repeated, packed = "false", tag = "7")]
    pub floats: Vec<f32>,
    /// Integer list.
    #[prost(int64, repeated, packed = "false", tag = "8")]
    pub ints: Vec<i64>,
    /// String list.
    #[prost(bytes = "vec", repeated, tag = "9")]
    pub strings: Vec<Vec<u8>>,
    /// Tensor list.
    #[prost(message, repeated, tag = "10")]
    pub tensors: Vec<TensorProto>,
}

/// `ValueInfoProto`: the name and type of a value.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ValueInfoProto {
    /// Value name.
    #[prost(string, tag = "1")]
    pub name: String,
    /// Its type.
    #[prost(message, optional, tag = "2")]
    pub r#type: Option<TypeProto>,
    /// Documentation.
    #[prost(string, tag = "3")]
    pub doc_string: String,
}

/// `TypeProto`: only the tensor case is read (sequence, map and optional types are skipped).
#[derive(Clone, PartialEq, prost::Message)]
pub struct TypeProto {
    /// The tensor type (oneof `value`, case 1).
    #[prost(message, optional, tag = "1")]
    pub tensor_type: Option<TypeProtoTensor>,
    /// Set when the value is a sequence (oneof case 4); only its presence is read.
    #[prost(message, optional, tag = "4")]
    pub sequence_type: Option<Opaque>,
    /// Set when the value is a map (oneof case 5); only its presence is read.
    #[prost(message, optional, tag = "5")]
    pub map_type: Option<Opaque>,
    /// Set when the value is a sparse tensor (oneof case 8); only its presence is read.
    #[prost(message, optional, tag = "8")]
    pub sparse_tensor_type: Option<Opaque>,
    /// Set when the value is optional (oneof case 9); only its presence is read.
    #[prost(message, optional, tag = "9")]
    pub optional_type: Option<Opaque>,
    /// Type denotation.
    #[prost(string, tag = "6")]
    pub denotation: String,
}

/// A message whose content is skipped (its presence alone matters).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Opaque {}

/// `TypeProto.Tensor`: element type and (possibly symbolic) shape.
#[derive(Clone, PartialEq, prost::Message)]
pub struct TypeProtoTensor {
    /// Element type (`data_type::*`).
    #[prost(int32, tag = "1")]
    pub elem_type: i32,
    /// Shape; absent means unknown rank.
    #[prost(message, optional, tag = "2")]
    pub shape: Option<TensorShapeProto>,
}

/// `TensorShapeProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct TensorShapeProto {
    /// Dimensions, outermost first.
    #[prost(message, repeated, tag = "1")]
    pub dim: Vec<Dimension>,
}

/// `TensorShapeProto.Dimension`: a static size, a named symbol, or neither (unknown).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Dimension {
    /// Static size (oneof `value`, case 1).
    #[prost(int64, optional, tag = "1")]
    pub dim_value: Option<i64>,
    /// Symbolic size (oneof `value`, case 2).
    #[prost(string, optional, tag = "2")]
    pub dim_param: Option<String>,
    /// Denotation.
    #[prost(string, tag = "3")]
    pub denotation: String,
}

/// `TensorProto.DataType` values.
pub mod data_type {
    /// Not set.
    pub const UNDEFINED: i32 = 0;
    /// f32.
    pub const FLOAT: i32 = 1;
    /// u8.
    pub const UINT8: i32 = 2;
    /// i8.
    pub const INT8: i32 = 3;
    /// u16.
    pub const UINT16: i32 = 4;
    /// i16.
    pub const INT16: i32 = 5;
    /// i32.
    pub const INT32: i32 = 6;
    /// i64.
    pub const INT64: i32 = 7;
    /// String.
    pub const STRING: i32 = 8;
    /// Bool (one byte per element in raw data).
    pub const BOOL: i32 = 9;
    /// IEEE half.
    pub const FLOAT16: i32 = 10;
    /// f64.
    pub const DOUBLE: i32 = 11;
    /// u32.
    pub const UINT32: i32 = 12;
    /// u64.
    pub const UINT64: i32 = 13;
    /// Complex of two f32.
    pub const COMPLEX64: i32 = 14;
    /// Complex of two f64.
    pub const COMPLEX128: i32 = 15;
    /// bfloat16.
    pub const BFLOAT16: i32 = 16;
    /// FP8 E4M3, finite only.
    pub const FLOAT8E4M3FN: i32 = 17;
    /// FP8 E4M3, finite only, no negative zero.
    pub const FLOAT8E4M3FNUZ: i32 = 18;
    /// FP8 E5M2.
    pub const FLOAT8E5M2: i32 = 19;
    /// FP8 E5M2, finite only, no negative zero.
    pub const FLOAT8E5M2FNUZ: i32 = 20;
    /// 4-bit unsigned.
    pub const UINT4: i32 = 21;
    /// 4-bit signed.
    pub const INT4: i32 = 22;
    /// FP4 E2M1.
    pub const FLOAT4E2M1: i32 = 23;
    /// FP8 E8M0 (powers of two, unsigned).
    pub const FLOAT8E8M0: i32 = 24;
    /// 2-bit unsigned.
    pub const UINT2: i32 = 25;
    /// 2-bit signed.
    pub const INT2: i32 = 26;

    /// The ONNX name of a data type code, for messages.
    pub fn name(code: i32) -> String {
        const NAMES: [&str; 27] = [
            "UNDEFINED",
            "FLOAT",
            "UINT8",
            "INT8",
            "UINT16",
            "INT16",
            "INT32",
            "INT64",
            "STRING",
            "BOOL",
            "FLOAT16",
            "DOUBLE",
            "UINT32",
            "UINT64",
            "COMPLEX64",
            "COMPLEX128",
            "BFLOAT16",
            "FLOAT8E4M3FN",
            "FLOAT8E4M3FNUZ",
            "FLOAT8E5M2",
            "FLOAT8E5M2FNUZ",
            "UINT4",
            "INT4",
            "FLOAT4E2M1",
            "FLOAT8E8M0",
            "UINT2",
            "INT2",
        ];
        usize::try_from(code)
            .ok()
            .and_then(|i| NAMES.get(i))
            .map_or_else(|| format!("data type {code}"), |s| s.to_string())
    }
}

/// `TensorProto.Segment`: the element range a chunked tensor holds.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Segment {
    /// First element.
    #[prost(int64, tag = "1")]
    pub begin: i64,
    /// One past the last element.
    #[prost(int64, tag = "2")]
    pub end: i64,
}

/// `TensorProto.DataLocation::EXTERNAL`.
pub const DATA_LOCATION_EXTERNAL: i32 = 1;

/// `TensorProto`: a serialized tensor (initializer, `Constant` value, attribute tensor).
#[derive(Clone, PartialEq, prost::Message)]
pub struct TensorProto {
    /// Shape.
    #[prost(int64, repeated, packed = "false", tag = "1")]
    pub dims: Vec<i64>,
    /// Element type (`data_type::*`).
    #[prost(int32, tag = "2")]
    pub data_type: i32,
    /// Chunk of a larger tensor (unsupported: reported as an error).
    #[prost(message, optional, tag = "3")]
    pub segment: Option<Segment>,
    /// FLOAT (and COMPLEX64) elements.
    #[prost(float, repeated, tag = "4")]
    pub float_data: Vec<f32>,
    /// INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16, BFLOAT16 and FP8 elements (as bits).
    #[prost(int32, repeated, tag = "5")]
    pub int32_data: Vec<i32>,
    /// STRING elements.
    #[prost(bytes = "vec", repeated, tag = "6")]
    pub string_data: Vec<Vec<u8>>,
    /// INT64 elements.
    #[prost(int64, repeated, tag = "7")]
    pub int64_data: Vec<i64>,
    /// Tensor name.
    #[prost(string, tag = "8")]
    pub name: String,
    /// Documentation.
    #[prost(string, tag = "12")]
    pub doc_string: String,
    /// Elements as fixed-width little-endian bytes (shared with the file buffer).
    #[prost(bytes = "bytes", tag = "9")]
    pub raw_data: Bytes,
    /// `location`, `offset`, `length`, `checksum` of externally stored data.
    #[prost(message, repeated, tag = "13")]
    pub external_data: Vec<StringStringEntryProto>,
    /// `DEFAULT` (0) or `EXTERNAL` (1).
    #[prost(int32, tag = "14")]
    pub data_location: i32,
    /// DOUBLE (and COMPLEX128) elements.
    #[prost(double, repeated, tag = "10")]
    pub double_data: Vec<f64>,
    /// UINT32 and UINT64 elements.
    #[prost(uint64, repeated, tag = "11")]
    pub uint64_data: Vec<u64>,
}
