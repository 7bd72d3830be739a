//! ONNX models as tool input: `model.onnx` given where MLIR text is expected is imported
//! (neuron-opt and neuron-run share this).

use crate::DriverError;
use neuron_ir::Module;
use std::path::Path;

/// True if `path` names an ONNX model (extension `.onnx`, any case).
pub fn is_onnx(path: &str) -> bool {
    neuron_onnx::is_onnx_path(Path::new(path))
}

/// Imports the model at `path`; `input_shapes` are `NAME=DIMS` texts (`--input-shape`).
///
/// `Ok(Err(text))` is an import error already rendered as `path: error: message`.
pub fn import(path: &str, input_shapes: &[String]) -> Result<Result<Module, String>, DriverError> {
    let input_shapes = input_shapes
        .iter()
        .map(|s| {
            s.parse().map_err(|e| {
                DriverError::InvalidOption(format!("invalid --input-shape '{s}': {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let opts = neuron_onnx::ImportOptions {
        input_shapes,
        ..Default::default()
    };
    Ok(neuron_onnx::import_file(Path::new(path), &opts)
        .map_err(|e| format!("{path}: error: {e}\n")))
}
