//! The per-output summary: shape, dtype, min, max, mean, NaN and Inf counts, as one text line
//! or as a JSON array (`--format json`).
//!
//! min, max and mean skip NaNs (numpy's `nanmin`/`nanmax`/`nanmean`); infinities count.
//! With no non-NaN element they are absent (`-` in text, `null` in JSON).

use neuron_interp::Tensor;
use serde_json::{json, Value};

/// Statistics of one output tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The output's name (`nn.name` of the result, or `outN`).
    pub name: String,
    /// Dimension sizes.
    pub shape: Vec<usize>,
    /// Element type as MLIR spells it (`f32`).
    pub dtype: String,
    /// Smallest non-NaN value.
    pub min: Option<f64>,
    /// Largest non-NaN value.
    pub max: Option<f64>,
    /// Mean of the non-NaN values (accumulated in f64).
    pub mean: Option<f64>,
    /// Number of NaNs.
    pub nan: usize,
    /// Number of infinities (either sign).
    pub inf: usize,
    /// True for integer and boolean outputs (min and max print as integers).
    pub integer: bool,
    /// The `.npy` file written, if any.
    pub file: Option<String>,
}

impl Summary {
    /// The statistics of tensor `t`, reported under `name`.
    pub fn of(name: &str, t: &Tensor) -> Summary {
        let values: Box<dyn Iterator<Item = f64>> = match (t.as_f32(), t.as_i64()) {
            (Some(v), _) => Box::new(v.iter().map(|&x| f64::from(x))),
            (None, Some(v)) => Box::new(v.iter().map(|&x| x as f64)),
            (None, None) => Box::new(std::iter::empty()),
        };
        let mut s = Summary {
            name: name.to_string(),
            shape: t.shape.clone(),
            dtype: t.dtype.name().to_string(),
            min: None,
            max: None,
            mean: None,
            nan: 0,
            inf: 0,
            integer: t.as_i64().is_some(),
            file: None,
        };
        s.accumulate(values);
        s
    }

    /// Folds the values into min, max, mean and the counts.
    fn accumulate(&mut self, values: impl Iterator<Item = f64>) {
        let (mut sum, mut count) = (0.0f64, 0usize);
        for x in values {
            if x.is_nan() {
                self.nan += 1;
                continue;
            }
            if x.is_infinite() {
                self.inf += 1;
            }
            self.min = Some(self.min.map_or(x, |m| m.min(x)));
            self.max = Some(self.max.map_or(x, |m| m.max(x)));
            sum += x;
            count += 1;
        }
        if count > 0 {
            self.mean = Some(sum / count as f64);
        }
    }

    /// One line: `name: shape=[8, 10] dtype=f32 min=… max=… mean=… nan=0 inf=0`.
    pub fn text_line(&self) -> String {
        let int = self.integer;
        format!(
            "{}: shape={:?} dtype={} min={} max={} mean={} nan={} inf={}",
            self.name,
            self.shape,
            self.dtype,
            fmt_opt(self.min, int),
            fmt_opt(self.max, int),
            fmt_opt(self.mean, false),
            self.nan,
            self.inf
        )
    }

    /// The JSON object of this summary (non-finite statistics as strings `"inf"`, `"-inf"`).
    pub fn to_json(&self) -> Value {
        let int = self.integer;
        json!({
            "name": self.name,
            "shape": self.shape,
            "dtype": self.dtype,
            "min": json_number(self.min, int),
            "max": json_number(self.max, int),
            "mean": json_number(self.mean, false),
            "nan": self.nan,
            "inf": self.inf,
            "file": self.file,
        })
    }
}

/// The JSON array of all summaries, one compact object per line.
pub fn render_json(summaries: &[Summary]) -> String {
    if summaries.is_empty() {
        return "[]\n".into();
    }
    let lines: Vec<String> = summaries
        .iter()
        .map(|s| format!("  {}", s.to_json()))
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

/// A statistic as JSON: a number (an integer for integer outputs), a string for ±inf (JSON has
/// none), or null.
fn json_number(x: Option<f64>, integer: bool) -> Value {
    match x {
        Some(x) if integer => json!(x as i64),
        Some(x) if x.is_finite() => json!(x),
        Some(x) => json!(fmt_g(x)),
        None => Value::Null,
    }
}

/// A statistic as text: `-` when absent, an integer for integer outputs, else [`fmt_g`].
fn fmt_opt(x: Option<f64>, integer: bool) -> String {
    match x {
        None => "-".into(),
        Some(x) if integer => format!("{}", x as i64),
        Some(x) => fmt_g(x),
    }
}

/// Six significant digits like C's `%g`: `0.0123457`, `-1.5`, `1.23457e+08`, `inf`, `nan`.
pub fn fmt_g(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{x:.5e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        let decimals = (5 - exp).max(0) as usize;
        return trim_zeros(&format!("{x:.decimals$}"));
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{}e{sign}{:02}", trim_zeros(mantissa), exp.abs())
}

/// `1.50000` → `1.5`, `2.00000` → `2` (only after a decimal point).
fn trim_zeros(s: &str) -> String {
    if !s.contains('.') {
        return s.to_string();
    }
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_percent_g() {
        assert_eq!(fmt_g(1.5), "1.5");
        assert_eq!(fmt_g(-0.012345678), "-0.0123457");
        assert_eq!(fmt_g(123456.7), "123457");
        assert_eq!(fmt_g(1234567.0), "1.23457e+06");
        assert_eq!(fmt_g(0.000012345), "1.2345e-05");
        assert_eq!(fmt_g(2.0), "2");
        assert_eq!(fmt_g(0.0), "0");
        assert_eq!(fmt_g(f64::NEG_INFINITY), "-inf");
        assert_eq!(fmt_g(9.9999996), "10");
    }

    #[test]
    fn statistics_skip_nans_and_count_infinities() {
        let mut s = Summary {
            name: "y".into(),
            shape: vec![4],
            dtype: "f32".into(),
            min: None,
            max: None,
            mean: None,
            nan: 0,
            inf: 0,
            integer: false,
            file: None,
        };
        s.accumulate([1.0, f64::NAN, 3.0, -2.0].into_iter());
        assert_eq!(
            (s.min, s.max, s.mean, s.nan, s.inf),
            (Some(-2.0), Some(3.0), Some(2.0 / 3.0), 1, 0)
        );
        assert_eq!(
            s.text_line(),
            "y: shape=[4] dtype=f32 min=-2 max=3 mean=0.666667 nan=1 inf=0"
        );
        s.accumulate([f64::INFINITY].into_iter());
        assert_eq!((s.max, s.inf), (Some(f64::INFINITY), 1));
        assert_eq!(s.to_json()["max"], json!("inf"));
    }
}
