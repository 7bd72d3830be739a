//! Static shape inference under ONNX rules: broadcasting, axes, `Reshape` targets, `Slice`
//! ranges, convolution and pooling windows (auto_pad, ceil_mode), reductions.

use crate::import::fmt_shape;

/// The numpy broadcast of two shapes, or the message naming both.
pub fn broadcast(a: &[i64], b: &[i64]) -> Result<Vec<i64>, String> {
    neuron_nn::elementwise::broadcast_shapes(a, b).ok_or_else(|| {
        format!(
            "shapes {} and {} are not broadcast-compatible",
            fmt_shape(a),
            fmt_shape(b)
        )
    })
}

/// The dimension a possibly negative `axis` names in rank `rank`, or the message.
pub fn axis(name: &str, axis: i64, rank: usize) -> Result<usize, String> {
    neuron_nn::common::normalize_axis(axis, rank).ok_or_else(|| {
        format!(
            "{name} {axis} is out of range [-{rank}, {}] for rank {rank}",
            rank as i64 - 1
        )
    })
}

/// Normalised, sorted, distinct axes.
pub fn axes(name: &str, list: &[i64], rank: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::with_capacity(list.len());
    for &a in list {
        let d = axis(name, a, rank)?;
        if out.contains(&d) {
            return Err(format!("{name} {list:?} names dimension {d} twice"));
        }
        out.push(d);
    }
    out.sort_unstable();
    Ok(out)
}

/// Product of dimensions (saturating, so a huge shape cannot overflow).
pub fn product(dims: &[i64]) -> i64 {
    dims.iter().fold(1i64, |acc, &d| acc.saturating_mul(d))
}

/// The target shape of `Reshape`: `0` copies the input dimension (unless `allow_zero`),
/// one `-1` is inferred.
pub fn reshape_target(input: &[i64], spec: &[i64], allow_zero: bool) -> Result<Vec<i64>, String> {
    let mut out = Vec::with_capacity(spec.len());
    let mut infer = None;
    for (i, &d) in spec.iter().enumerate() {
        match d {
            -1 if infer.is_some() => return Err(format!("shape {spec:?} has more than one -1")),
            -1 => {
                infer = Some(i);
                out.push(1);
            }
            0 if !allow_zero => match input.get(i) {
                Some(&v) => out.push(v),
                None => {
                    return Err(format!(
                        "shape {spec:?} copies dimension {i} (0), but the input has rank {}",
                        input.len()
                    ))
                }
            },
            d if d < 0 => return Err(format!("shape {spec:?} has the invalid size {d}")),
            d => out.push(d),
        }
    }
    let total = product(input);
    if let Some(i) = infer {
        let known = product(&out);
        if known == 0 || total % known != 0 {
            return Err(format!(
                "cannot reshape {} ({total} elements) to {spec:?}",
                fmt_shape(input)
            ));
        }
        out[i] = total / known;
    }
    if product(&out) != total {
        return Err(format!(
            "cannot reshape {} ({total} elements) to {} ({} elements)",
            fmt_shape(input),
            fmt_shape(&out),
            product(&out)
        ));
    }
    Ok(out)
}

/// One sliced dimension after ONNX clamping: first index, step, and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceDim {
    /// First index taken.
    pub start: i64,
    /// Step (non-zero).
    pub step: i64,
    /// Number of elements taken.
    pub len: i64,
}

/// ONNX `Slice` of one dimension of size `dim`.
pub fn slice_dim(dim: i64, start: i64, end: i64, step: i64) -> Result<SliceDim, String> {
    if step == 0 {
        return Err("slice step 0 is invalid".into());
    }
    let (d, st) = (i128::from(dim), i128::from(step));
    let norm = |v: i64| {
        if v < 0 {
            i128::from(v) + d
        } else {
            i128::from(v)
        }
    };
    let (s, e) = if step > 0 {
        (norm(start).clamp(0, d), norm(end).clamp(0, d))
    } else {
        (norm(start).clamp(0, d - 1), norm(end).clamp(-1, d - 1))
    };
    let span = if step > 0 { e - s } else { s - e };
    let len = if span <= 0 {
        0
    } else {
        (span - 1) / st.abs() + 1
    };
    Ok(SliceDim {
        start: s.max(0) as i64,
        step,
        len: len as i64,
    })
}

/// Per-dimension slices of a whole shape (untouched dimensions take everything).
pub fn slice_dims(
    shape: &[i64],
    starts: &[i64],
    ends: &[i64],
    axes_list: &[i64],
    steps: &[i64],
) -> Result<Vec<SliceDim>, String> {
    let n = starts.len();
    if ends.len() != n || axes_list.len() != n || steps.len() != n {
        return Err(format!(
            "starts, ends, axes and steps have different lengths ({n}, {}, {}, {})",
            ends.len(),
            axes_list.len(),
            steps.len()
        ));
    }
    let mut dims: Vec<SliceDim> = shape
        .iter()
        .map(|&d| SliceDim {
            start: 0,
            step: 1,
            len: d,
        })
        .collect();
    let mut seen = vec![false; shape.len()];
    for k in 0..n {
        let a = axis("slice axis", axes_list[k], shape.len())?;
        if std::mem::replace(&mut seen[a], true) {
            return Err(format!("slice axes {axes_list:?} name dimension {a} twice"));
        }
        dims[a] = slice_dim(shape[a], starts[k], ends[k], steps[k])?;
    }
    Ok(dims)
}

/// A window geometry on one spatial dimension, with explicit padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Padding before.
    pub pad_begin: i64,
    /// Padding after.
    pub pad_end: i64,
    /// Output size.
    pub out: i64,
}

/// Parameters of a sliding window on one dimension.
#[derive(Clone, Copy, Debug)]
pub struct WindowSpec {
    /// Input size.
    pub input: i64,
    /// Kernel size.
    pub kernel: i64,
    /// Stride.
    pub stride: i64,
    /// Dilation.
    pub dilation: i64,
    /// Explicit padding before and after (`NOTSET`).
    pub pads: (i64, i64),
}

/// Resolves `auto_pad` (`NOTSET`, `SAME_UPPER`, `SAME_LOWER`, `VALID`) and `ceil_mode` into
/// explicit padding and the output size. Under `ceil_mode`, extra padding at the end makes
/// the floor formula give the ceil size (the last window must start inside the input or
/// its leading padding).
pub fn window(w: WindowSpec, auto_pad: &str, ceil_mode: bool) -> Result<Window, String> {
    if w.stride < 1 || w.dilation < 1 || w.kernel < 1 {
        return Err(format!(
            "kernel {}, stride {} and dilation {} must be positive",
            w.kernel, w.stride, w.dilation
        ));
    }
    // i128 arithmetic: no attribute value can overflow it.
    let [input, stride] = [w.input, w.stride].map(i128::from);
    let eff = (i128::from(w.kernel) - 1) * i128::from(w.dilation) + 1;
    let (pb, pe) = match auto_pad {
        "NOTSET" | "" => (i128::from(w.pads.0), i128::from(w.pads.1)),
        "VALID" => (0, 0),
        "SAME_UPPER" | "SAME_LOWER" => {
            let out = (input + stride - 1) / stride;
            let total = ((out - 1) * stride + eff - input).max(0);
            let small = total / 2;
            if auto_pad == "SAME_UPPER" {
                (small, total - small)
            } else {
                (total - small, small)
            }
        }
        other => {
            return Err(format!(
                "auto_pad '{other}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID"
            ))
        }
    };
    if pb < 0 || pe < 0 {
        return Err(format!("pads ({pb}, {pe}) must be non-negative"));
    }
    let span = input + pb + pe - eff;
    if span < 0 {
        return Err(format!(
            "the window (kernel {}, dilation {}) is larger than the padded input ({})",
            w.kernel,
            w.dilation,
            input + pb + pe
        ));
    }
    let mut out = span / stride + 1;
    let mut pe = pe;
    if ceil_mode && span % stride != 0 {
        out = (span + stride - 1) / stride + 1;
        if (out - 1) * stride >= input + pb {
            out -= 1;
        }
        pe = pe.max((out - 1) * stride + eff - input - pb);
    }
    let fit = |v: i128| i64::try_from(v).map_err(|_| format!("window size {v} is out of range"));
    Ok(Window {
        pad_begin: fit(pb)?,
        pad_end: fit(pe)?,
        out: fit(out)?,
    })
}

/// The shape after reducing `axes` (sorted, normalised) with or without keeping them as 1s.
pub fn reduced(shape: &[i64], axes: &[usize], keepdims: bool) -> Vec<i64> {
    shape
        .iter()
        .enumerate()
        .filter_map(|(i, &d)| match (axes.contains(&i), keepdims) {
            (false, _) => Some(d),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(input: i64, kernel: i64, stride: i64, pads: (i64, i64)) -> WindowSpec {
        WindowSpec {
            input,
            kernel,
            stride,
            dilation: 1,
            pads,
        }
    }

    #[test]
    fn same_padding_puts_the_extra_pad_where_asked() {
        let w = window(spec(5, 2, 1, (0, 0)), "SAME_UPPER", false).unwrap();
        assert_eq!((w.pad_begin, w.pad_end, w.out), (0, 1, 5));
        let w = window(spec(5, 2, 1, (0, 0)), "SAME_LOWER", false).unwrap();
        assert_eq!((w.pad_begin, w.pad_end, w.out), (1, 0, 5));
        let w = window(spec(7, 3, 2, (0, 0)), "SAME_UPPER", false).unwrap();
        assert_eq!((w.pad_begin, w.pad_end, w.out), (1, 1, 4));
    }

    #[test]
    fn ceil_mode_adds_end_padding() {
        let w = window(spec(6, 3, 2, (0, 0)), "NOTSET", true).unwrap();
        assert_eq!((w.pad_end, w.out), (1, 3));
        let w = window(spec(6, 3, 2, (0, 0)), "NOTSET", false).unwrap();
        assert_eq!((w.pad_end, w.out), (0, 2));
        // The last window would start in the end padding: dropped (PyTorch/ONNX rule).
        let w = window(spec(5, 2, 2, (1, 1)), "NOTSET", true).unwrap();
        assert_eq!(w.out, 3);
    }

    #[test]
    fn slice_clamps_like_onnx() {
        assert_eq!(slice_dim(10, 2, i64::MAX, 1).unwrap().len, 8);
        assert_eq!(slice_dim(10, -3, -1, 1).unwrap().len, 2);
        let d = slice_dim(10, i64::MAX, i64::MIN, -1).unwrap();
        assert_eq!((d.start, d.len), (9, 10));
        assert_eq!(slice_dim(10, 5, 2, 1).unwrap().len, 0);
        assert!(slice_dim(10, 0, 1, 0).is_err());
    }

    #[test]
    fn reshape_copies_and_infers() {
        assert_eq!(
            reshape_target(&[2, 3, 4], &[0, -1], false).unwrap(),
            vec![2, 12]
        );
        assert!(reshape_target(&[2, 3], &[-1, -1], false).is_err());
        assert!(reshape_target(&[2, 3], &[4, -1], false).is_err());
        assert_eq!(reshape_target(&[0, 3], &[0, 3], true).unwrap(), vec![0, 3]);
    }
}
