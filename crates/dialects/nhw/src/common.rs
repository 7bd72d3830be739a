//! Helpers of the `nhw` verifiers: reading list and word attributes, the checks every engine
//! shares, and the shape functions the `nn` dialect does not provide (`nhw.matmult`,
//! `nhw.tensor_reduce`, `nhw.im2col`).

use neuron_ir::{Func, OpId, Scalar, TensorType};
use neuron_nn::common::{check_axes, fmt_list};
use neuron_nn::ShapeError;

/// Reads a list attribute of exactly `N` values, each `>= min`.
pub fn fixed<const N: usize>(
    name: &str,
    v: Option<Vec<i64>>,
    min: i64,
) -> Result<[i64; N], String> {
    let v = v.ok_or_else(|| format!("requires attribute '{name}'"))?;
    let arr: [i64; N] = v.as_slice().try_into().map_err(|_| {
        format!(
            "{name} {} must have {N} values, but has {}",
            fmt_list(&v),
            v.len()
        )
    })?;
    if arr.iter().any(|&x| x < min) {
        return Err(format!("{name} {} must all be >= {min}", fmt_list(&v)));
    }
    Ok(arr)
}

/// Parses a word attribute with `parse`, or says which words are allowed.
pub fn word<T>(
    name: &str,
    v: Option<std::sync::Arc<str>>,
    parse: fn(&str) -> Option<T>,
    allowed: String,
) -> Result<T, String> {
    let v = v.ok_or_else(|| format!("requires attribute '{name}'"))?;
    parse(&v).ok_or_else(|| format!("{name} \"{v}\" is not one of {allowed}"))
}

/// Errors unless `elem` is a float type; `what` names the value in the message.
pub fn float(what: &str, elem: Scalar) -> Result<(), String> {
    if elem.is_float() {
        Ok(())
    } else {
        Err(format!(
            "{what} element type must be a float type, but got {elem}"
        ))
    }
}

/// Errors unless the result element type equals the input's (data movement never converts).
pub fn same_elem(input: &TensorType, res: &TensorType) -> Result<(), String> {
    if input.elem == res.elem {
        Ok(())
    } else {
        Err(format!(
            "result element type {} does not match the input element type {} (data movement \
             does not convert)",
            res.elem, input.elem
        ))
    }
}

/// Errors unless both tensors have the same shape.
pub fn same_shape(input: &TensorType, res: &TensorType) -> Result<(), String> {
    if input.shape == res.shape {
        Ok(())
    } else {
        Err(format!(
            "result shape {} does not match the input shape {}",
            fmt_list(&res.shape),
            fmt_list(&input.shape)
        ))
    }
}

/// The operand and result element types of an engine op that computes in FP32: both floats,
/// or (when `ints` allows it) both the same integer type.
pub fn engine_types(input: Scalar, res: Scalar, ints: bool) -> Result<(), String> {
    match (input.is_float(), res.is_float()) {
        (true, true) => Ok(()),
        (false, false) if ints && input == res => Ok(()),
        (false, false) if ints => Err(format!(
            "integer result element type {res} does not match the operand element type {input}"
        )),
        _ if !ints => Err(format!(
            "requires float element types, but got {input} -> {res}"
        )),
        _ => Err(format!(
            "operand and result must both be float or both be integer, but got {input} -> {res}"
        )),
    }
}

/// The result shape of `nhw.matmult`: `[B…, M, K] × [B…, K, N] → [B…, M, N]` (rank >= 2,
/// identical batch dimensions).
pub fn matmult_shape(lhs: &[i64], rhs: &[i64]) -> Result<Vec<i64>, ShapeError> {
    let err = |m: String| Err(ShapeError(m));
    if lhs.len() < 2 || rhs.len() != lhs.len() {
        return err(format!(
            "operands must have the same rank >= 2, but have shapes {} and {}",
            fmt_list(lhs),
            fmt_list(rhs)
        ));
    }
    let r = lhs.len();
    if lhs[..r - 2] != rhs[..r - 2] {
        return err(format!(
            "batch dimensions differ: {} vs {}",
            fmt_list(&lhs[..r - 2]),
            fmt_list(&rhs[..r - 2])
        ));
    }
    if lhs[r - 1] != rhs[r - 2] {
        return err(format!(
            "contracting dimensions differ: lhs has K = {}, rhs has K = {}",
            lhs[r - 1],
            rhs[r - 2]
        ));
    }
    let mut out = lhs[..r - 1].to_vec();
    out.push(rhs[r - 1]);
    Ok(out)
}

/// The reduced dimensions of `nhw.tensor_reduce` (checked, sorted) and its result shape:
/// exactly the listed `axes` are reduced (an empty list reduces nothing).
pub fn tensor_reduce_shape(
    shape: &[i64],
    axes: &[i64],
    keepdims: bool,
) -> Result<(Vec<usize>, Vec<i64>), ShapeError> {
    let mut dims = check_axes("axes", axes, shape.len())?;
    dims.sort_unstable();
    let out = (0..shape.len())
        .filter_map(|d| match (dims.contains(&d), keepdims) {
            (false, _) => Some(shape[d]),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect();
    Ok((dims, out))
}

/// The parameters of a 2-D window op (`nhw.pool`, `nhw.im2col`): kernel, strides, pads
/// `[top, left, bottom, right]` and dilations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window2d {
    /// `[kH, kW]`.
    pub kernel: [i64; 2],
    /// `[sH, sW]`.
    pub strides: [i64; 2],
    /// `[top, left, bottom, right]`.
    pub pads: [i64; 4],
    /// `[dH, dW]`.
    pub dilations: [i64; 2],
}

/// Reads the window attributes of an op (all four are required by the `nhw` ops).
pub fn window_attrs(f: &Func, op: OpId) -> Result<Window2d, String> {
    let d = f.body.op(op);
    let list = |n: &str| d.attr(n).and_then(|a| a.as_i64_list());
    Ok(Window2d {
        kernel: fixed("kernel_shape", list("kernel_shape"), 1)?,
        strides: fixed("strides", list("strides"), 1)?,
        pads: fixed("pads", list("pads"), 0)?,
        dilations: fixed("dilations", list("dilations"), 1)?,
    })
}

/// The result shape of `nhw.im2col`: `[G, C/G·kH·kW, N·Ho·Wo]` for an NCHW input.
///
/// Row `c·kH·kW + i·kW + j` of group `g` holds, for image `n` at column `n·Ho·Wo + oh·Wo + ow`,
/// input `[n, g·C/G + c, oh·sH + i·dH − top, ow·sW + j·dW − left]` (0 in the padding).
pub fn im2col_shape(input: &[i64], w: &Window2d, group: i64) -> Result<Vec<i64>, ShapeError> {
    let err = |m: String| Err(ShapeError(m));
    let [n, c, h, wd] = match input {
        [n, c, h, w] => [*n, *c, *h, *w],
        _ => {
            return err(format!(
                "input must have rank 4 (NCHW), but has rank {}",
                input.len()
            ))
        }
    };
    if group < 1 || c % group != 0 {
        return err(format!(
            "group {group} must be >= 1 and divide the {c} input channels"
        ));
    }
    let [ho, wo] =
        neuron_nn::conv::window_output_hw([h, wd], w.kernel, w.strides, w.pads, w.dilations)?;
    Ok(vec![
        group,
        c / group * w.kernel[0] * w.kernel[1],
        n * ho * wo,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            matmult_shape(&[2, 3, 4], &[2, 4, 5]).unwrap(),
            vec![2, 3, 5]
        );
        assert!(matmult_shape(&[3, 4], &[2, 4, 5]).is_err());
        assert!(matmult_shape(&[3, 4], &[5, 4]).is_err());
        let (dims, out) = tensor_reduce_shape(&[2, 3, 4], &[-1, 0], false).unwrap();
        assert_eq!((dims, out), (vec![0, 2], vec![3]));
        let w = Window2d {
            kernel: [3, 3],
            strides: [1, 1],
            pads: [1; 4],
            dilations: [1, 1],
        };
        assert_eq!(im2col_shape(&[2, 4, 5, 5], &w, 2).unwrap(), vec![2, 18, 50]);
        assert!(im2col_shape(&[2, 3, 5, 5], &w, 2).is_err());
    }
}
