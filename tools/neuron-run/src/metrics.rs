//! Error metrics of a run against the FP32 reference, per output, computed in f64: max abs
//! error, max rel error, relative L2 error, cosine similarity, the fraction of elements outside
//! `atol + rtol·|ref|`, and the NaN/Inf counts of both results.
//!
//! The norms and extrema are taken over the elements where both values are finite ("compared"
//! elements); non-finite values are counted instead. An element is *outside* the tolerance when
//! both values are finite and `|run − ref| > atol + rtol·|ref|`, or when exactly one of them is
//! non-finite, or when both are but differ (NaN vs ±Inf, +Inf vs −Inf).

use neuron_interp::Tensor;
use std::fmt;
use std::str::FromStr;

/// Elements with `|ref|` at or below this (the smallest normal f32, 2⁻¹²⁶) are left out of the
/// max rel error: it excludes zeros and subnormals, whose relative error says nothing.
pub const REL_FLOOR: f64 = f32::MIN_POSITIVE as f64;

/// The tolerance of the "fraction outside" metric: `|run − ref| ≤ atol + rtol·|ref|` passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Relative part.
    pub rtol: f64,
    /// Absolute part.
    pub atol: f64,
}

impl Tolerance {
    /// Default `rtol`: about 2.5 BF16 unit roundoffs (2⁻⁸ ≈ 3.9e-3), "agrees to BF16 precision".
    pub const DEFAULT_RTOL: f64 = 1e-2;
    /// Default `atol`: keeps values near zero from failing on errors below BF16 resolution.
    pub const DEFAULT_ATOL: f64 = 1e-3;
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            rtol: Tolerance::DEFAULT_RTOL,
            atol: Tolerance::DEFAULT_ATOL,
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rtol={},atol={}", self.rtol, self.atol)
    }
}

impl FromStr for Tolerance {
    type Err = String;

    /// `rtol=R,atol=A`, either part optional (the other keeps its default).
    fn from_str(s: &str) -> Result<Tolerance, String> {
        let mut tol = Tolerance::default();
        for part in s.split(',') {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("expected rtol=R,atol=A, got '{part}'"))?;
            let v: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("'{value}' is not a finite number ≥ 0"))?;
            match key.trim() {
                "rtol" => tol.rtol = v,
                "atol" => tol.atol = v,
                other => return Err(format!("unknown key '{other}' (expected rtol or atol)")),
            }
        }
        Ok(tol)
    }
}

/// The comparison of one output with its reference.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Number of elements.
    pub elements: usize,
    /// Elements where both values are finite (the norms and extrema are over these).
    pub compared: usize,
    /// max |run − ref| over compared elements (`None` if there is none).
    pub max_abs: Option<f64>,
    /// max |run − ref| / |ref| over compared elements with |ref| > [`REL_FLOOR`].
    pub max_rel: Option<f64>,
    /// ‖run − ref‖₂ / ‖ref‖₂ over compared elements (0 when both norms are 0, ∞ when only
    /// ‖ref‖ is).
    pub rel_l2: Option<f64>,
    /// run·ref / (‖run‖ ‖ref‖) over compared elements (1 when both are zero vectors, 0 when
    /// one is).
    pub cosine: Option<f64>,
    /// Elements outside the tolerance (see the module doc).
    pub outside: usize,
    /// NaNs in the run's result.
    pub nan: usize,
    /// Infinities in the run's result.
    pub inf: usize,
    /// NaNs in the reference.
    pub ref_nan: usize,
    /// Infinities in the reference.
    pub ref_inf: usize,
}

impl Metrics {
    /// `outside` as a fraction of the elements (0 for an empty output).
    pub fn outside_fraction(&self) -> f64 {
        if self.elements == 0 {
            0.0
        } else {
            self.outside as f64 / self.elements as f64
        }
    }
}

/// Running sums of [`compare`].
#[derive(Default)]
struct Sums {
    diff2: f64,
    ref2: f64,
    run2: f64,
    dot: f64,
}

/// Compares `run` with `reference` element by element (equal lengths are the caller's duty).
pub fn compare(run: &[f64], reference: &[f64], tol: Tolerance) -> Metrics {
    let mut m = Metrics {
        elements: run.len().min(reference.len()),
        ..Metrics::default()
    };
    let mut s = Sums::default();
    for (&a, &r) in run.iter().zip(reference) {
        count_non_finite(&mut m, a, r);
        if !(a.is_finite() && r.is_finite()) {
            m.outside += usize::from(!same_non_finite(a, r));
            continue;
        }
        let d = (a - r).abs();
        m.compared += 1;
        m.max_abs = Some(m.max_abs.map_or(d, |x| x.max(d)));
        if r.abs() > REL_FLOOR {
            let rel = d / r.abs();
            m.max_rel = Some(m.max_rel.map_or(rel, |x| x.max(rel)));
        }
        m.outside += usize::from(d > tol.atol + tol.rtol * r.abs());
        s.diff2 += d * d;
        s.ref2 += r * r;
        s.run2 += a * a;
        s.dot += a * r;
    }
    if m.compared > 0 {
        m.rel_l2 = Some(rel_l2(s.diff2, s.ref2));
        m.cosine = Some(cosine(s.dot, s.run2, s.ref2));
    }
    m
}

/// Counts the non-finite values of both sides.
fn count_non_finite(m: &mut Metrics, a: f64, r: f64) {
    m.nan += usize::from(a.is_nan());
    m.inf += usize::from(a.is_infinite());
    m.ref_nan += usize::from(r.is_nan());
    m.ref_inf += usize::from(r.is_infinite());
}

/// True if both values are NaN, or the same infinity.
fn same_non_finite(a: f64, r: f64) -> bool {
    (a.is_nan() && r.is_nan()) || (a.is_infinite() && a == r)
}

/// ‖d‖ / ‖r‖ from the squared norms.
fn rel_l2(diff2: f64, ref2: f64) -> f64 {
    match (diff2 == 0.0, ref2 == 0.0) {
        (true, _) => 0.0,
        (false, true) => f64::INFINITY,
        (false, false) => (diff2 / ref2).sqrt(),
    }
}

/// a·r / (‖a‖ ‖r‖) from the dot product and the squared norms.
fn cosine(dot: f64, a2: f64, r2: f64) -> f64 {
    match (a2 == 0.0, r2 == 0.0) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.0,
        (false, false) => dot / (a2.sqrt() * r2.sqrt()),
    }
}

/// The values of a tensor as f64 (floats and integers alike).
pub fn values_f64(t: &Tensor) -> Vec<f64> {
    match (t.as_f32(), t.as_i64()) {
        (Some(v), _) => v.iter().map(|&x| f64::from(x)).collect(),
        (None, Some(v)) => v.iter().map(|&x| x as f64).collect(),
        (None, None) => Vec::new(),
    }
}

/// Compares two tensors; `Err` names the mismatch when their shapes differ.
pub fn compare_tensors(
    run: &Tensor,
    reference: &Tensor,
    tol: Tolerance,
) -> Result<Metrics, String> {
    if run.shape != reference.shape {
        return Err(format!(
            "shape {:?} differs from the reference's {:?}",
            run.shape, reference.shape
        ));
    }
    Ok(compare(&values_f64(run), &values_f64(reference), tol))
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuron_ir::Scalar;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn hand_computed_metrics() {
        // ref = [1, -2, 0, 4], run = [1.5, -2, 0.25, 3]: differences 0.5, 0, 0.25, 1.
        let m = compare(
            &[1.5, -2.0, 0.25, 3.0],
            &[1.0, -2.0, 0.0, 4.0],
            Tolerance {
                rtol: 0.1,
                atol: 0.3,
            },
        );
        assert_eq!((m.elements, m.compared), (4, 4));
        assert_eq!(m.max_abs, Some(1.0));
        // Relative errors 0.5, 0, (skipped: ref 0), 0.25.
        assert_eq!(m.max_rel, Some(0.5));
        // ‖d‖² = 0.25 + 0.0625 + 1 = 1.3125; ‖r‖² = 1 + 4 + 16 = 21.
        assert!(close(m.rel_l2.unwrap(), (1.3125f64 / 21.0).sqrt()));
        // run·ref = 1.5 + 4 + 0 + 12 = 17.5; ‖run‖² = 2.25 + 4 + 0.0625 + 9 = 15.3125.
        assert!(close(
            m.cosine.unwrap(),
            17.5 / (15.3125f64.sqrt() * 21f64.sqrt())
        ));
        // Bounds 0.4, 0.5, 0.3, 0.7: 0.5 > 0.4 and 1 > 0.7 are outside; 0.25 ≤ 0.3 is not.
        assert_eq!(m.outside, 2);
        assert_eq!(m.outside_fraction(), 0.5);
        assert_eq!((m.nan, m.inf, m.ref_nan, m.ref_inf), (0, 0, 0, 0));
    }

    #[test]
    fn identical_results_have_no_error() {
        let v = [0.0, 1e-30, -3.5, 7.0];
        let m = compare(&v, &v, Tolerance::default());
        assert_eq!(m.max_abs, Some(0.0));
        assert_eq!(m.max_rel, Some(0.0));
        assert_eq!(m.rel_l2, Some(0.0));
        assert!(close(m.cosine.unwrap(), 1.0));
        assert_eq!(m.outside, 0);
    }

    #[test]
    fn non_finite_values_are_counted_not_compared() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let run = [nan, inf, 2.0, nan, -inf, 1.0];
        let reference = [1.0, inf, 2.0, nan, inf, 1.0];
        let m = compare(&run, &reference, Tolerance::default());
        assert_eq!((m.elements, m.compared), (6, 2));
        assert_eq!((m.nan, m.inf, m.ref_nan, m.ref_inf), (2, 2, 1, 2));
        // NaN vs 1 and -inf vs +inf are outside; inf vs inf and NaN vs NaN agree.
        assert_eq!(m.outside, 2);
        assert_eq!((m.max_abs, m.rel_l2), (Some(0.0), Some(0.0)));
    }

    #[test]
    fn degenerate_norms_and_floors() {
        let zeros = [0.0, 0.0];
        let m = compare(&zeros, &zeros, Tolerance::default());
        assert_eq!(
            (m.rel_l2, m.cosine, m.max_rel),
            (Some(0.0), Some(1.0), None)
        );
        let m = compare(&[1.0, 0.0], &zeros, Tolerance::default());
        assert_eq!((m.rel_l2, m.cosine), (Some(f64::INFINITY), Some(0.0)));
        // A subnormal reference is below the floor: no relative error for it.
        let m = compare(&[1e-39], &[2e-39], Tolerance::default());
        assert_eq!(m.max_rel, None);
        let m = compare(&[f64::NAN], &[1.0], Tolerance::default());
        assert_eq!(
            (m.compared, m.max_abs, m.rel_l2, m.cosine),
            (0, None, None, None)
        );
        assert_eq!(
            compare(&[], &[], Tolerance::default()).outside_fraction(),
            0.0
        );
    }

    #[test]
    fn tolerance_parses_either_part() {
        let t: Tolerance = "rtol=1e-3,atol=0".parse().unwrap();
        assert_eq!((t.rtol, t.atol), (1e-3, 0.0));
        let t: Tolerance = "atol=0.5".parse().unwrap();
        assert_eq!((t.rtol, t.atol), (Tolerance::DEFAULT_RTOL, 0.5));
        assert!("0.1"
            .parse::<Tolerance>()
            .unwrap_err()
            .contains("rtol=R,atol=A"));
        assert!("rtol=-1".parse::<Tolerance>().unwrap_err().contains("'-1'"));
        assert!("btol=1"
            .parse::<Tolerance>()
            .unwrap_err()
            .contains("'btol'"));
        assert_eq!(Tolerance::default().to_string(), "rtol=0.01,atol=0.001");
    }

    #[test]
    fn tensors_of_other_shapes_are_refused() {
        let a = Tensor::from_f32(Scalar::F32, vec![2], vec![1.0, 2.0]).unwrap();
        let b = Tensor::from_f32(Scalar::F32, vec![1, 2], vec![1.0, 2.0]).unwrap();
        assert!(compare_tensors(&a, &b, Tolerance::default())
            .unwrap_err()
            .contains("[2]"));
        let m = compare_tensors(&a, &a, Tolerance::default()).unwrap();
        assert_eq!(m.compared, 2);
    }
}
