//! Shape-inference functions of the `nn` ops: the pure functions the verifiers and the
//! interpreter share (conv/pool output sizes, reductions, slicing, gather, concat, …).

use neuron_nn::common::{broadcast_all, check_axes, normalize_axis};
use neuron_nn::conv::window_output_size;
use neuron_nn::slice::{slice_dim, slice_params, SliceDim};
use neuron_nn::{
    batch_matmul_shape, concat_shape, conv2d_output_shape, expand_shape, flatten_shape,
    gather_shape, gemm_shape, pad_shape, pool2d_output_shape, reduce_shape, slice_shape,
    squeeze_shape, unsqueeze_shape,
};

/// The error message of a shape function.
fn err<T: std::fmt::Debug>(r: Result<T, neuron_nn::ShapeError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn axes_normalise_numpy_style() {
    assert_eq!(normalize_axis(-1, 3), Some(2));
    assert_eq!(normalize_axis(-3, 3), Some(0));
    assert_eq!(normalize_axis(2, 3), Some(2));
    assert_eq!(normalize_axis(3, 3), None);
    assert_eq!(normalize_axis(-4, 3), None);
    assert_eq!(normalize_axis(i64::MIN, 3), None);
    assert_eq!(normalize_axis(0, 0), None);
    assert_eq!(check_axes("axes", &[-1, 0], 2), Ok(vec![1, 0]));
    assert_eq!(
        err(check_axes("axes", &[1, -1], 2)),
        "axes [1, -1] refer to dimension 1 more than once"
    );
}

#[test]
fn broadcast_of_three_shapes() {
    assert_eq!(broadcast_all(&[&[2, 1], &[1, 3], &[3]]), Ok(vec![2, 3]));
    assert_eq!(
        err(broadcast_all(&[&[2, 1], &[1, 3], &[4]])),
        "operand shapes [2, 1], [1, 3] and [4] are not broadcast-compatible"
    );
}

#[test]
fn window_output_size_formula() {
    // ⌊(7 + 1 + 1 − 3) / 2⌋ + 1 = 4 and ⌊(6 + 2 − 3) / 2⌋ + 1 = 3 (floor rounding).
    assert_eq!(window_output_size("height", 7, 3, 2, [1, 1], 1), Ok(4));
    assert_eq!(window_output_size("height", 6, 3, 2, [1, 1], 1), Ok(3));
    // Dilation 3 on a kernel of 3 spans 7 elements.
    assert_eq!(window_output_size("width", 7, 3, 1, [0, 0], 3), Ok(1));
    assert_eq!(
        err(window_output_size("width", 6, 3, 1, [0, 0], 3)),
        "kernel extent 7 (kernel 3, dilation 3) exceeds the padded input width 6"
    );
    assert_eq!(
        err(window_output_size("height", 6, 3, 0, [0, 0], 1)),
        "stride 0 along the height must be >= 1"
    );
    assert_eq!(
        err(window_output_size("height", 6, 0, 1, [0, 0], 1)),
        "kernel size 0 along the height must be >= 1"
    );
    assert_eq!(
        err(window_output_size("height", 6, 3, 1, [0, -1], 1)),
        "pads [0, -1] along the height must be >= 0"
    );
    assert!(window_output_size("height", 6, 3, 1, [i64::MAX, i64::MAX], 1).is_err());
}

#[test]
fn conv2d_shapes() {
    let conv = |i: &[i64], w: &[i64], s, p, d, g| conv2d_output_shape(i, w, s, p, d, g);
    let x = [1, 3, 32, 32];
    let w = [16, 3, 3, 3];
    assert_eq!(
        conv(&x, &w, [1, 1], [1; 4], [1, 1], 1),
        Ok(vec![1, 16, 32, 32])
    );
    assert_eq!(
        conv(&x, &w, [2, 2], [0; 4], [1, 1], 1),
        Ok(vec![1, 16, 15, 15])
    );
    assert_eq!(
        conv(&x, &w, [2, 1], [0; 4], [1, 1], 1),
        Ok(vec![1, 16, 15, 30])
    );
    // pads are [top, left, bottom, right]: H grows by 1 + 2, W by 0.
    assert_eq!(
        conv(&x, &w, [1, 1], [1, 0, 2, 0], [1, 1], 1),
        Ok(vec![1, 16, 33, 30])
    );
    assert_eq!(
        conv(&x, &w, [1, 1], [0; 4], [2, 3], 1),
        Ok(vec![1, 16, 28, 26])
    );
    assert_eq!(
        conv(&[2, 8, 10, 10], &[4, 2, 3, 3], [1, 1], [0; 4], [1, 1], 4),
        Ok(vec![2, 4, 8, 8])
    );
    assert_eq!(
        conv(&[1, 8, 5, 5], &[8, 1, 3, 3], [1, 1], [0; 4], [1, 1], 8),
        Ok(vec![1, 8, 3, 3])
    );
    let ones = ([1, 1], [0; 4], [1, 1]);
    let c = |i: &[i64], w: &[i64], g| err(conv(i, w, ones.0, ones.1, ones.2, g));
    assert_eq!(
        c(&[1, 8, 5, 5], &[8, 8, 3, 3], 3),
        "group 3 does not divide the 8 input channels"
    );
    assert_eq!(
        c(&[1, 8, 5, 5], &[3, 4, 3, 3], 2),
        "group 2 does not divide the 3 output channels (weight dimension 0)"
    );
    assert_eq!(
        c(&[1, 8, 5, 5], &[4, 3, 3, 3], 1),
        "weight dimension 1 has size 3, but input channels / group = 8 / 1 = 8"
    );
    assert_eq!(c(&[1, 8, 5, 5], &[4, 8, 3, 3], 0), "group 0 must be >= 1");
    assert_eq!(
        c(&[1, 1, 2, 2], &[1, 1, 3, 3], 1),
        "kernel extent 3 (kernel 3, dilation 1) exceeds the padded input height 2"
    );
    assert_eq!(
        c(&[1, 3, 32], &w, 1),
        "input must have rank 4 (NCHW), but has rank 3"
    );
    assert_eq!(
        c(&x, &[16, 3, 3], 1),
        "weight must have rank 4 (M, C/group, kH, kW), but has rank 3"
    );
}

#[test]
fn pool2d_shapes() {
    let x = [1, 2, 4, 4];
    assert_eq!(
        pool2d_output_shape(&x, [2, 2], [2, 2], [0; 4], [1, 1]),
        Ok(vec![1, 2, 2, 2])
    );
    assert_eq!(
        pool2d_output_shape(&[1, 2, 5, 5], [3, 3], [2, 2], [1; 4], [1, 1]),
        Ok(vec![1, 2, 3, 3])
    );
    assert_eq!(
        pool2d_output_shape(&x, [3, 1], [1, 1], [0; 4], [1, 1]),
        Ok(vec![1, 2, 2, 4])
    );
    // Dilation 2 makes a kernel of 2 span 3, so a pad of 2 is allowed.
    assert_eq!(
        pool2d_output_shape(&x, [2, 2], [1, 1], [2, 0, 0, 0], [2, 1]),
        Ok(vec![1, 2, 4, 3])
    );
    assert_eq!(
        err(pool2d_output_shape(
            &x,
            [2, 2],
            [1, 1],
            [0, 0, 2, 0],
            [1, 1]
        )),
        "pad 2 along the height must be smaller than the kernel extent 2"
    );
    assert_eq!(
        err(pool2d_output_shape(&x, [5, 1], [1, 1], [0; 4], [1, 1])),
        "kernel extent 5 (kernel 5, dilation 1) exceeds the padded input height 4"
    );
}

#[test]
fn reduce_shapes_with_keepdims() {
    let s = [2, 3, 4];
    assert_eq!(reduce_shape(&s, Some(&[1]), true), Ok(vec![2, 1, 4]));
    assert_eq!(reduce_shape(&s, Some(&[1]), false), Ok(vec![2, 4]));
    assert_eq!(reduce_shape(&s, Some(&[-1, 0]), false), Ok(vec![3]));
    assert_eq!(reduce_shape(&s, None, true), Ok(vec![1, 1, 1]));
    assert_eq!(reduce_shape(&s, None, false), Ok(vec![]));
    assert_eq!(reduce_shape(&s, Some(&[]), false), Ok(vec![]));
    assert_eq!(
        err(reduce_shape(&s, Some(&[3]), true)),
        "axes [3] has 3, out of range [-3, 2] for rank 3"
    );
    assert_eq!(
        err(reduce_shape(&s, Some(&[0, -3]), true)),
        "axes [0, -3] refer to dimension 0 more than once"
    );
}

#[test]
fn slice_clamps_like_onnx() {
    let sl = |start, end, step| slice_dim(10, start, end, step);
    assert_eq!(sl(2, 8, 1).len, 6);
    assert_eq!(
        sl(2, 8, 3),
        SliceDim {
            start: 2,
            step: 3,
            len: 2
        }
    );
    assert_eq!(
        sl(-3, i64::MAX, 1),
        SliceDim {
            start: 7,
            step: 1,
            len: 3
        }
    );
    assert_eq!(sl(0, -1, 1).len, 9);
    assert_eq!(sl(100, 200, 1).len, 0);
    assert_eq!(
        sl(-100, 3, 1),
        SliceDim {
            start: 0,
            step: 1,
            len: 3
        }
    );
    assert_eq!(sl(5, 2, 1).len, 0);
    assert_eq!(sl(0, 10, i64::MAX).len, 1);
}

#[test]
fn slice_negative_steps() {
    let sl = |start, end, step| slice_dim(10, start, end, step);
    // The whole dimension reversed: ends = INT64_MIN clamps to -1.
    assert_eq!(
        sl(-1, i64::MIN, -1),
        SliceDim {
            start: 9,
            step: -1,
            len: 10
        }
    );
    assert_eq!(
        sl(8, 2, -2),
        SliceDim {
            start: 8,
            step: -2,
            len: 3
        }
    );
    assert_eq!(
        sl(20, 0, -1),
        SliceDim {
            start: 9,
            step: -1,
            len: 9
        }
    );
    assert_eq!(sl(2, 8, -1).len, 0);
    assert_eq!(sl(i64::MAX, -1, i64::MIN).len, 0);
    assert_eq!(
        sl(i64::MAX, i64::MIN, i64::MIN),
        SliceDim {
            start: 9,
            step: i64::MIN,
            len: 1
        }
    );
    assert_eq!(slice_dim(0, 0, 5, -1).len, 0);
}

#[test]
fn slice_shapes_and_attribute_checks() {
    let s = [4, 5, 6];
    assert_eq!(
        slice_shape(&s, &[1, 0], &[3, -1], Some(&[2, -3]), None),
        Ok(vec![3, 5, 2])
    );
    assert_eq!(slice_shape(&s, &[1], &[3], None, None), Ok(vec![2, 5, 6]));
    assert_eq!(
        slice_shape(&s, &[-1], &[i64::MIN], Some(&[1]), Some(&[-2])),
        Ok(vec![4, 3, 6])
    );
    assert_eq!(
        slice_params(&[4, 5], &[-1], &[i64::MIN], Some(&[1]), Some(&[-1])),
        Ok(vec![
            SliceDim {
                start: 0,
                step: 1,
                len: 4
            },
            SliceDim {
                start: 4,
                step: -1,
                len: 5
            }
        ])
    );
    assert_eq!(
        err(slice_shape(&s, &[0], &[1], None, Some(&[0]))),
        "steps [0] must not contain 0"
    );
    assert_eq!(
        err(slice_shape(&s, &[0, 1], &[1], None, None)),
        "starts [0, 1] and ends [1] must have the same length"
    );
    assert_eq!(
        err(slice_shape(&s, &[0, 1], &[1, 2], Some(&[0]), None)),
        "axes [0] must have as many values as starts (2)"
    );
    assert_eq!(
        err(slice_shape(&s, &[0, 1], &[1, 2], None, Some(&[1]))),
        "steps [1] must have as many values as starts (2)"
    );
    assert_eq!(
        err(slice_shape(&s, &[0, 1], &[1, 2], Some(&[0, -3]), None)),
        "axes [0, -3] refer to dimension 0 more than once"
    );
    assert_eq!(
        err(slice_shape(&[4], &[0, 0], &[1, 1], None, None)),
        "starts [0, 0] has 2 values, more than the rank 1 of the input"
    );
}

#[test]
fn gather_shapes() {
    assert_eq!(gather_shape(&[5, 4], &[2, 3], 0), Ok(vec![2, 3, 4]));
    assert_eq!(gather_shape(&[5, 4], &[2, 3], -1), Ok(vec![5, 2, 3]));
    assert_eq!(gather_shape(&[5, 4], &[], 0), Ok(vec![4]));
    assert_eq!(
        err(gather_shape(&[5, 4], &[2], 2)),
        "axis 2 is out of range [-2, 1] for rank 2"
    );
    assert_eq!(
        err(gather_shape(&[], &[2], 0)),
        "axis 0 is invalid for a rank-0 operand (it has no dimensions)"
    );
}

#[test]
fn concat_shapes() {
    assert_eq!(concat_shape(&[&[2, 3], &[2, 5]], 1), Ok(vec![2, 8]));
    assert_eq!(
        concat_shape(&[&[2, 3], &[2, 5], &[2, 1]], -1),
        Ok(vec![2, 9])
    );
    assert_eq!(concat_shape(&[&[2, 3]], 0), Ok(vec![2, 3]));
    assert_eq!(
        err(concat_shape(&[&[2, 3], &[3, 3]], 1)),
        "operand #1 has size 3 in dimension 0, but operand #0 has 2 (only the concatenation axis 1 may differ)"
    );
    assert_eq!(
        err(concat_shape(&[&[2, 3], &[3]], 0)),
        "operand #1 has rank 1, but operand #0 has rank 2"
    );
    assert_eq!(err(concat_shape(&[], 0)), "requires at least 1 operand");
}

#[test]
fn squeeze_and_unsqueeze_shapes() {
    let s = [1, 3, 1, 2];
    assert_eq!(squeeze_shape(&s, None), Ok(vec![3, 2]));
    assert_eq!(squeeze_shape(&s, Some(&[0])), Ok(vec![3, 1, 2]));
    assert_eq!(squeeze_shape(&s, Some(&[-2])), Ok(vec![1, 3, 2]));
    assert_eq!(
        err(squeeze_shape(&s, Some(&[1]))),
        "cannot squeeze dimension 1 of size 3 (axes [1])"
    );
    assert_eq!(unsqueeze_shape(&[3, 4], &[0]), Ok(vec![1, 3, 4]));
    assert_eq!(unsqueeze_shape(&[3, 4], &[-1]), Ok(vec![3, 4, 1]));
    assert_eq!(unsqueeze_shape(&[3, 4], &[3, 0]), Ok(vec![1, 3, 4, 1]));
    assert_eq!(unsqueeze_shape(&[3, 4], &[1, -1]), Ok(vec![3, 1, 4, 1]));
    assert_eq!(unsqueeze_shape(&[], &[0]), Ok(vec![1]));
    assert_eq!(
        err(unsqueeze_shape(&[3, 4], &[3])),
        "axes [3] has 3, out of range [-3, 2] for rank 3"
    );
}

#[test]
fn flatten_pad_expand_shapes() {
    let s = [2, 3, 4];
    assert_eq!(flatten_shape(&s, 1), Ok([2, 12]));
    assert_eq!(flatten_shape(&s, 0), Ok([1, 24]));
    assert_eq!(flatten_shape(&s, 3), Ok([24, 1]));
    assert_eq!(flatten_shape(&s, -1), Ok([6, 4]));
    assert_eq!(
        err(flatten_shape(&s, 4)),
        "axis 4 is out of range [-3, 3] for rank 3"
    );
    assert_eq!(pad_shape(&[2, 3], &[1, 0, 2, 3]), Ok(vec![5, 6]));
    assert_eq!(
        err(pad_shape(&[2, 3], &[1, 0])),
        "pads [1, 0] must have 4 values (begin and end for each of the 2 dimensions), but has 2"
    );
    assert_eq!(
        err(pad_shape(&[2, 3], &[1, 0, -1, 0])),
        "pads [1, 0, -1, 0] must all be >= 0"
    );
    assert_eq!(expand_shape(&[3, 1], &[2, 3, 4]), Ok(vec![2, 3, 4]));
    assert_eq!(expand_shape(&[], &[2]), Ok(vec![2]));
    assert_eq!(
        err(expand_shape(&[2, 3], &[4, 3])),
        "input shape [2, 3] cannot be broadcast to the result shape [4, 3]"
    );
    assert_eq!(
        err(expand_shape(&[2, 3], &[3])),
        "input shape [2, 3] cannot be broadcast to the result shape [3]"
    );
}

#[test]
fn gemm_and_batch_matmul_shapes() {
    assert_eq!(gemm_shape(&[2, 3], &[3, 4], false, false), Ok([2, 4]));
    assert_eq!(gemm_shape(&[3, 2], &[3, 4], true, false), Ok([2, 4]));
    assert_eq!(gemm_shape(&[2, 3], &[4, 3], false, true), Ok([2, 4]));
    assert_eq!(
        err(gemm_shape(&[2, 3], &[4, 3], false, false)),
        "inner dimensions differ: a [2, 3] (transA = false) gives K = 3, b [4, 3] (transB = false) gives K = 4"
    );
    assert_eq!(
        err(gemm_shape(&[2, 3, 1], &[3, 4], false, false)),
        "a must have rank 2, but has rank 3"
    );
    assert_eq!(
        batch_matmul_shape(&[2, 3, 4], &[2, 4, 5]),
        Ok(vec![2, 3, 5])
    );
    assert_eq!(
        batch_matmul_shape(&[6, 2, 3, 4], &[6, 2, 4, 1]),
        Ok(vec![6, 2, 3, 1])
    );
    assert_eq!(
        err(batch_matmul_shape(&[3, 4], &[2, 4, 5])),
        "lhs must have rank >= 3, but has rank 2"
    );
    assert_eq!(
        err(batch_matmul_shape(&[1, 3, 4], &[2, 4, 5])),
        "batch dimensions differ: [1] vs [2]"
    );
    assert_eq!(
        err(batch_matmul_shape(&[2, 3, 4], &[2, 2, 4, 5])),
        "lhs and rhs ranks differ: 3 vs 4"
    );
    assert_eq!(
        err(batch_matmul_shape(&[2, 3, 4], &[2, 3, 5])),
        "contracting dimensions differ: lhs dimension 2 has size 4, rhs dimension 1 has size 3"
    );
}
