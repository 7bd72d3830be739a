//! Comparing a computed tensor with an expected one: numpy-style `allclose` (NaN equals NaN,
//! equal infinities are equal) for floats, exact equality for integers, and the relative L2
//! error `‖got − want‖₂ / ‖want‖₂`.

use neuron_interp::{Data, Tensor};

/// Tolerances: an element passes if `|got − want| ≤ atol + rtol·|want|`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
}

/// How far a result is from the expected values.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Elements outside the tolerance.
    pub bad: usize,
    /// Largest absolute difference over the finite elements.
    pub max_abs: f64,
    /// `‖got − want‖₂ / ‖want‖₂` over the finite elements (`‖got − want‖₂` if `want` is 0).
    pub rel_l2: f64,
    /// The first element outside the tolerance: index, computed value, expected value.
    pub first_bad: Option<(usize, f64, f64)>,
}

impl Comparison {
    /// True if every element is within the tolerance.
    pub fn ok(&self) -> bool {
        self.bad == 0
    }
}

/// The values of a tensor as `f64`, and whether they are integers.
fn values(t: &Tensor) -> (Vec<f64>, bool) {
    match &t.data {
        Data::F32(v) => (v.iter().map(|&x| f64::from(x)).collect(), false),
        Data::I64(v) => (v.iter().map(|&x| x as f64).collect(), true),
    }
}

/// Compares `got` with `want`; an error names a shape or kind mismatch.
pub fn compare(got: &Tensor, want: &Tensor, tol: Tolerance) -> Result<Comparison, String> {
    if got.shape != want.shape {
        return Err(format!(
            "shape {:?} ({}), expected {:?} ({})",
            got.shape, got.dtype, want.shape, want.dtype
        ));
    }
    let (g, g_int) = values(got);
    let (w, w_int) = values(want);
    if g_int != w_int {
        return Err(format!(
            "element type {}, expected {}",
            got.dtype, want.dtype
        ));
    }
    let tol = if w_int {
        Tolerance {
            rtol: 0.0,
            atol: 0.0,
        }
    } else {
        tol
    };
    Ok(compare_values(&g, &w, tol))
}

/// Compares two equally long value lists.
pub fn compare_values(got: &[f64], want: &[f64], tol: Tolerance) -> Comparison {
    let mut c = Comparison {
        bad: 0,
        max_abs: 0.0,
        rel_l2: 0.0,
        first_bad: None,
    };
    let (mut diff2, mut norm2) = (0.0f64, 0.0f64);
    for (i, (&g, &x)) in got.iter().zip(want).enumerate() {
        let ok = if x.is_nan() || g.is_nan() {
            x.is_nan() && g.is_nan()
        } else if x.is_infinite() || g.is_infinite() {
            x == g
        } else {
            let d = (g - x).abs();
            c.max_abs = c.max_abs.max(d);
            diff2 += d * d;
            norm2 += x * x;
            d <= tol.atol + tol.rtol * x.abs()
        };
        if !ok {
            c.bad += 1;
            c.first_bad.get_or_insert((i, g, x));
        }
    }
    c.rel_l2 = if norm2 > 0.0 {
        (diff2 / norm2).sqrt()
    } else {
        diff2.sqrt()
    };
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuron_ir::Scalar;

    const TOL: Tolerance = Tolerance {
        rtol: 1e-3,
        atol: 1e-7,
    };

    #[test]
    fn allclose_with_nan_and_inf() {
        let c = compare_values(
            &[1.0005, f64::NAN, f64::INFINITY, 0.0],
            &[1.0, f64::NAN, f64::INFINITY, 5e-8],
            TOL,
        );
        assert!(c.ok(), "{c:?}");
        let c = compare_values(&[1.01, f64::NAN, 2.0], &[1.0, 1.0, 2.0], TOL);
        assert_eq!(c.bad, 2);
        assert_eq!(c.first_bad, Some((0, 1.01, 1.0)));
        assert!((c.max_abs - 0.01).abs() < 1e-12);
    }

    #[test]
    fn relative_l2() {
        let c = compare_values(&[3.0, 4.0 + 1e-3], &[3.0, 4.0], TOL);
        assert!((c.rel_l2 - 1e-3 / 5.0).abs() < 1e-12);
        let z = compare_values(&[0.0, 1e-3], &[0.0, 0.0], TOL);
        assert!((z.rel_l2 - 1e-3).abs() < 1e-15);
    }

    #[test]
    fn tensors_need_equal_shapes_and_kinds() {
        let f = Tensor::from_f32(Scalar::F32, vec![2], vec![1.0, 2.0]).unwrap();
        let i = Tensor::from_i64(Scalar::I64, vec![2], vec![1, 2]).unwrap();
        let j = Tensor::from_i64(Scalar::I64, vec![1, 2], vec![1, 2]).unwrap();
        assert!(compare(&f, &i, TOL).unwrap_err().contains("element type"));
        assert!(compare(&i, &j, TOL).unwrap_err().contains("shape"));
        let k = Tensor::from_i64(Scalar::I32, vec![2], vec![1, 3]).unwrap();
        assert_eq!(compare(&i, &k, TOL).unwrap().bad, 1);
        assert!(compare(&f, &f, TOL).unwrap().ok());
    }
}
