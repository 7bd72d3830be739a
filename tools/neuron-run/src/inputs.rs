//! The entry function's inputs: argument names, binding `--input` files to arguments, loading
//! and checking `.npy` data, and deterministic random fill.
//!
//! An argument's name is its `nn.name` argument attribute, else `arg<N>`; a result's name is its
//! `nn.name` result attribute, else `out<N>`.

use crate::error::RunError;
use crate::npy::{read_npy, NpyArray, NpyValues};
use crate::random::{uniform_floats, uniform_ints, SplitMix64};
use neuron_interp::Tensor;
use neuron_ir::{Attribute, Func, Scalar, Type};
use std::collections::HashMap;
use std::path::PathBuf;

/// One `--input` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSpec {
    /// `--input NAME=FILE`.
    Named {
        /// The argument's name.
        name: String,
        /// The `.npy` file.
        path: PathBuf,
    },
    /// `--input FILE`: the next argument in order.
    Positional(PathBuf),
}

impl InputSpec {
    /// Parses a flag value: `NAME=FILE` when the text before the first `=` is a name (no `/`),
    /// else a positional file (so `./a=b.npy` is a file) — unless, when the inputs are bound,
    /// that text is exactly an argument's name (`/encoder/ids=ids.npy` binds `/encoder/ids`).
    pub fn parse(text: &str) -> InputSpec {
        match text.split_once('=') {
            Some((name, path)) if !name.is_empty() && !name.contains(['/', '\\']) => {
                InputSpec::Named {
                    name: name.to_string(),
                    path: PathBuf::from(path),
                }
            }
            _ => InputSpec::Positional(PathBuf::from(text)),
        }
    }
}

impl InputSpec {
    /// A positional `NAME=FILE` whose `NAME` is exactly one of the arguments' `names` (ONNX
    /// names such as `/encoder/input` contain `/`) binds that argument; anything else as is.
    fn resolve_name(&self, names: &[String]) -> InputSpec {
        let InputSpec::Positional(p) = self else {
            return self.clone();
        };
        match p.to_str().and_then(|t| t.split_once('=')) {
            Some((name, path)) if names.iter().any(|n| n == name) => InputSpec::Named {
                name: name.to_string(),
                path: PathBuf::from(path),
            },
            _ => self.clone(),
        }
    }
}

/// How missing inputs are filled.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomFill {
    /// Fill missing inputs at all.
    pub enabled: bool,
    /// The seed of every argument's stream.
    pub seed: u64,
}

/// Default largest value of random integer inputs (so values lie in [0, 16)).
pub const DEFAULT_MAX_INT: i64 = 15;

/// The per-position dictionary `key` (`arg_attrs`/`res_attrs`) entry `name` of position `i`.
fn position_attr<'a>(f: &'a Func, key: &str, i: usize, name: &str) -> Option<&'a Attribute> {
    let Some(Attribute::Array(list)) = f.attrs.iter().find(|a| &*a.name == key).map(|a| &a.value)
    else {
        return None;
    };
    let Some(Attribute::Dict(dict)) = list.get(i) else {
        return None;
    };
    dict.iter().find(|a| &*a.name == name).map(|a| &a.value)
}

/// Names of `count` positions: `nn.name` strings from `key`, else `<prefix><N>`; unique.
fn position_names(
    f: &Func,
    key: &str,
    count: usize,
    prefix: &str,
) -> Result<Vec<String>, RunError> {
    let names: Vec<String> = (0..count)
        .map(
            |i| match position_attr(f, key, i, "nn.name").and_then(Attribute::as_str) {
                Some(s) => s.to_string(),
                None => format!("{prefix}{i}"),
            },
        )
        .collect();
    let mut seen = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(&first) = seen.get(n.as_str()) {
            return Err(RunError::DuplicateName {
                what: if prefix == "arg" {
                    "arguments"
                } else {
                    "results"
                },
                func: f.name.to_string(),
                name: n.clone(),
                first,
                second: i,
            });
        }
        seen.insert(n.as_str(), i);
    }
    Ok(names)
}

/// The names of `f`'s arguments.
pub fn argument_names(f: &Func) -> Result<Vec<String>, RunError> {
    position_names(f, "arg_attrs", f.ty.inputs.len(), "arg")
}

/// The names of `f`'s results.
pub fn result_names(f: &Func) -> Result<Vec<String>, RunError> {
    position_names(f, "res_attrs", f.ty.results.len(), "out")
}

/// The file given for each argument (by position), after checking names and counts.
pub fn bind(
    f: &Func,
    names: &[String],
    specs: &[InputSpec],
) -> Result<Vec<Option<PathBuf>>, RunError> {
    let specs: Vec<InputSpec> = specs.iter().map(|s| s.resolve_name(names)).collect();
    let mut bound: Vec<Option<PathBuf>> = vec![None; names.len()];
    let positional: Vec<&PathBuf> = specs
        .iter()
        .filter_map(|s| match s {
            InputSpec::Positional(p) => Some(p),
            InputSpec::Named { .. } => None,
        })
        .collect();
    if positional.len() > names.len() {
        return Err(RunError::TooManyInputs {
            given: positional.len(),
            func: f.name.to_string(),
            count: match names.len() {
                1 => "1 argument".to_string(),
                n => format!("{n} arguments"),
            },
        });
    }
    for (slot, path) in bound.iter_mut().zip(positional) {
        *slot = Some(path.clone());
    }
    for spec in &specs {
        let InputSpec::Named { name, path } = spec else {
            continue;
        };
        let i = names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| unknown_input(f, names, name))?;
        if bound[i].replace(path.clone()).is_some() {
            return Err(RunError::DuplicateInput { name: name.clone() });
        }
    }
    Ok(bound)
}

/// The error for `--input name=…` naming no argument, with a suggestion when one is close.
fn unknown_input(f: &Func, names: &[String], name: &str) -> RunError {
    let known = match names.len() {
        0 => "no arguments".to_string(),
        1 => format!("1 argument: {}", quoted_list(names)),
        n => format!("{n} arguments: {}", quoted_list(names)),
    };
    let best = names
        .iter()
        .map(|n| (strsim::jaro_winkler(n, name), n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    RunError::UnknownInput {
        name: name.to_string(),
        func: f.name.to_string(),
        known,
        hint: best.map_or_else(String::new, |(_, n)| format!("; did you mean '{n}'?")),
    }
}

/// `'a', 'b'`.
fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Element type and static shape of an argument type (a scalar is rank 0).
pub fn shape_of(ty: &Type) -> Option<(Scalar, Vec<usize>)> {
    match ty {
        Type::Tensor(t) => Some((t.elem, t.shape.iter().map(|&d| d as usize).collect())),
        Type::Scalar(s) => Some((*s, vec![])),
        Type::Function(_) => None,
    }
}

/// Builds every input tensor of `f` from the bound files, random fill, or an error.
pub fn load_inputs(
    f: &Func,
    names: &[String],
    files: &[Option<PathBuf>],
    random: RandomFill,
) -> Result<Vec<Tensor>, RunError> {
    let missing: Vec<String> = files
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_none() && !random.enabled)
        .map(|(i, _)| format!("'{}' ({})", names[i], f.ty.inputs[i]))
        .collect();
    if !missing.is_empty() {
        let noun = if missing.len() == 1 {
            "input"
        } else {
            "inputs"
        };
        return Err(RunError::MissingInputs {
            list: format!("{noun} {}", missing.join(", ")),
        });
    }
    (0..names.len())
        .map(|i| match &files[i] {
            Some(path) => load_file(&names[i], &f.ty.inputs[i], path),
            None => random_input(f, i, &names[i], random.seed),
        })
        .collect()
}

/// Reads `path` and checks it against argument type `ty`.
fn load_file(name: &str, ty: &Type, path: &std::path::Path) -> Result<Tensor, RunError> {
    let err = |message: String| RunError::Input {
        name: name.to_string(),
        file: path.display().to_string(),
        message,
    };
    tracing::debug!(input = name, file = %path.display(), "reading input");
    let array = read_npy(path).map_err(|e| err(e.to_string()))?;
    to_tensor(ty, array).map_err(err)
}

/// The tensor of argument type `ty` holding `array`, or why it does not fit.
pub fn to_tensor(ty: &Type, array: NpyArray) -> Result<Tensor, String> {
    let (elem, shape) =
        shape_of(ty).ok_or_else(|| format!("argument type {ty} is not a tensor"))?;
    if array.shape != shape {
        return Err(format!(
            "expected shape {shape:?} ({ty}), but the file has shape {:?}",
            array.shape
        ));
    }
    let descr = array.descr.clone();
    let is_f64 = matches!(array.values, NpyValues::F64(_));
    let wrong_dtype = |accepted: &str| {
        let hint = if is_f64 {
            "; convert it with .astype(numpy.float32)"
        } else {
            ""
        };
        format!("expected {accepted} data for {elem}, but the file holds '{descr}'{hint}")
    };
    let built = if elem.is_float() {
        let values = match array.values {
            NpyValues::F32(v) | NpyValues::F16(v) => v,
            _ => return Err(wrong_dtype("float32 ('<f4') or float16 ('<f2')")),
        };
        Tensor::from_f32(elem, shape, values)
    } else {
        let values = int_values(elem, array.values).map_err(|e| match e {
            IntError::NotInt => wrong_dtype("integer or bool"),
            IntError::Range(i, v) => format!("element {i} = {v} is out of range for {elem}"),
        })?;
        Tensor::from_i64(elem, shape, values)
    };
    built.map_err(|e| e.to_string())
}

/// Why integer data does not fit.
enum IntError {
    /// A float array for an integer argument.
    NotInt,
    /// Flat index and value of the first element out of range.
    Range(usize, String),
}

/// Integer values of `values`, each within the range of `elem`.
fn int_values(elem: Scalar, values: NpyValues) -> Result<Vec<i64>, IntError> {
    let (lo, hi) = int_range(elem);
    let out: Vec<i64> = match values {
        NpyValues::Int(v) => v,
        NpyValues::Bool(v) => v.into_iter().map(i64::from).collect(),
        NpyValues::UInt(v) if elem == Scalar::UI64 => {
            return Ok(v.into_iter().map(|x| x as i64).collect())
        }
        NpyValues::UInt(v) => {
            if let Some(i) = v.iter().position(|&x| x > hi as u64) {
                return Err(IntError::Range(i, v[i].to_string()));
            }
            v.into_iter().map(|x| x as i64).collect()
        }
        _ => return Err(IntError::NotInt),
    };
    let lo = if elem == Scalar::UI64 { 0 } else { lo };
    match out.iter().position(|&x| x < lo || x > hi) {
        Some(i) => Err(IntError::Range(i, out[i].to_string())),
        None => Ok(out),
    }
}

/// The value range of an integer element type (`ui64`: 0 to `i64::MAX` for signed inputs;
/// unsigned ones may use its whole range).
pub fn int_range(elem: Scalar) -> (i64, i64) {
    match elem {
        Scalar::UI64 => (0, i64::MAX),
        _ => elem.int_range().unwrap_or((i64::MIN, i64::MAX)),
    }
}

/// Argument `i` filled from its own random stream: floats uniform in [-1, 1), integers uniform
/// in [0, K] with K the `nn.max_value` argument attribute (default 15, at most the type's max).
fn random_input(f: &Func, i: usize, name: &str, seed: u64) -> Result<Tensor, RunError> {
    let ty = &f.ty.inputs[i];
    let bad = |message: String| RunError::BadAttribute {
        name: name.to_string(),
        func: f.name.to_string(),
        message,
    };
    let (elem, shape) = shape_of(ty).ok_or_else(|| bad(format!("type {ty} is not a tensor")))?;
    let n = shape.iter().product();
    let mut rng = SplitMix64::for_argument(seed, i);
    let built = if elem.is_float() {
        Tensor::from_f32(elem, shape, uniform_floats(&mut rng, n))
    } else {
        let max = max_value(f, i, elem).map_err(bad)?;
        Tensor::from_i64(elem, shape, uniform_ints(&mut rng, n, max as u64))
    };
    built.map_err(|e| bad(e.to_string()))
}

/// The largest random value of integer argument `i`.
fn max_value(f: &Func, i: usize, elem: Scalar) -> Result<i64, String> {
    let (_, hi) = int_range(elem);
    let Some(attr) = position_attr(f, "arg_attrs", i, "nn.max_value") else {
        return Ok(DEFAULT_MAX_INT.min(hi));
    };
    match attr.as_int() {
        Some(k) if (0..=hi).contains(&k) => Ok(k),
        Some(k) => Err(format!(
            "nn.max_value = {k} is outside [0, {hi}] for {elem}"
        )),
        None => Err(format!(
            "nn.max_value must be an integer attribute (e.g. 999 : i64), not {}",
            attr.kind_name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_flags_split_at_the_first_equals_sign_of_a_name() {
        assert_eq!(
            InputSpec::parse("x=a=b.npy"),
            InputSpec::Named {
                name: "x".into(),
                path: "a=b.npy".into()
            }
        );
        assert_eq!(
            InputSpec::parse("in.npy"),
            InputSpec::Positional("in.npy".into())
        );
        assert_eq!(
            InputSpec::parse("./a=b.npy"),
            InputSpec::Positional("./a=b.npy".into())
        );
        assert_eq!(
            InputSpec::parse("=b.npy"),
            InputSpec::Positional("=b.npy".into())
        );
    }

    #[test]
    fn a_name_with_a_slash_binds_when_it_names_an_argument() {
        let names = vec!["/enc/ids".to_string(), "mask".to_string()];
        let spec = InputSpec::parse("/enc/ids=ids.npy");
        assert_eq!(spec, InputSpec::Positional("/enc/ids=ids.npy".into()));
        assert_eq!(
            spec.resolve_name(&names),
            InputSpec::Named {
                name: "/enc/ids".into(),
                path: "ids.npy".into()
            }
        );
        let file = InputSpec::parse("./data=1.npy");
        assert_eq!(
            file.resolve_name(&names),
            file,
            "no argument is named ./data"
        );
    }

    #[test]
    fn uint_and_bool_data_fit_integer_arguments_by_range() {
        assert_eq!(
            int_values(Scalar::I1, NpyValues::Bool(vec![true, false])).ok(),
            Some(vec![1, 0])
        );
        assert!(matches!(
            int_values(Scalar::I8, NpyValues::UInt(vec![1, 200])),
            Err(IntError::Range(1, _))
        ));
        assert!(matches!(
            int_values(Scalar::I64, NpyValues::UInt(vec![u64::MAX])),
            Err(IntError::Range(0, _))
        ));
        assert!(matches!(
            int_values(Scalar::I32, NpyValues::F32(vec![1.0])),
            Err(IntError::NotInt)
        ));
    }
}
