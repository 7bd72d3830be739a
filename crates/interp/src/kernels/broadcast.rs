//! Numpy broadcasting by precomputed strides, and the parallel elementwise drivers built on it.
//!
//! A broadcast is planned once: dimensions of size 1 in the output are dropped and adjacent
//! dimensions that every operand either reads in full or broadcasts are merged, so the
//! innermost loop runs over a long contiguous row whose operand steps are 0 or 1 (and which
//! the compiler vectorises). Work is split over output rows only, so every output element
//! is computed by the same arithmetic whatever the thread count.

use rayon::prelude::*;

/// Output elements per parallel task.
pub const CHUNK: usize = 1 << 14;

/// How `K` operands are read while walking a broadcast output in row-major order.
#[derive(Clone, Debug)]
pub struct Plan<const K: usize> {
    /// Sizes of the outer (merged) dimensions.
    outer: Vec<usize>,
    /// Per outer dimension, each operand's stride (0 where it broadcasts).
    strides: Vec<[usize; K]>,
    /// Length of the innermost row.
    pub inner: usize,
    /// Each operand's step along the inner row: 1, or 0 where it broadcasts.
    pub step: [usize; K],
}

impl<const K: usize> Plan<K> {
    /// Plans reading operands of shapes `ins` at every index of `out`; errors if one does not
    /// broadcast to `out`.
    pub fn new(out: &[usize], ins: [&[usize]; K]) -> Result<Plan<K>, String> {
        let rank = out.len();
        for s in &ins {
            if s.len() > rank {
                return Err(format!("shape {s:?} does not broadcast to {out:?}"));
            }
        }
        // (size, full-read flags) of each kept output dimension, adjacent equal flags merged.
        let mut dims: Vec<(usize, [bool; K])> = Vec::new();
        for (d, &size) in out.iter().enumerate() {
            let mut full = [false; K];
            for (k, s) in ins.iter().enumerate() {
                let own = if d + s.len() >= rank {
                    s[d + s.len() - rank]
                } else {
                    1
                };
                if own != size && own != 1 {
                    return Err(format!("shape {s:?} does not broadcast to {out:?}"));
                }
                full[k] = own == size && size != 1;
            }
            if size == 1 {
                continue;
            }
            match dims.last_mut() {
                Some((n, f)) if *f == full => *n *= size,
                _ => dims.push((size, full)),
            }
        }
        let (inner, inner_full) = dims.pop().unwrap_or((1, [false; K]));
        let mut acc = inner_full.map(|f| if f { inner } else { 1 });
        let mut strides = vec![[0usize; K]; dims.len()];
        for (i, (size, full)) in dims.iter().enumerate().rev() {
            for k in 0..K {
                if full[k] {
                    strides[i][k] = acc[k];
                    acc[k] *= size;
                }
            }
        }
        Ok(Plan {
            outer: dims.iter().map(|d| d.0).collect(),
            strides,
            inner,
            step: inner_full.map(usize::from),
        })
    }

    /// Number of inner rows of the output.
    pub fn rows(&self) -> usize {
        self.outer.iter().product()
    }

    /// Each operand's offset at the start of inner row `row`.
    pub fn row_offsets(&self, mut row: usize) -> [usize; K] {
        let mut off = [0usize; K];
        for (d, &size) in self.outer.iter().enumerate().rev() {
            let i = row % size;
            row /= size;
            for (o, s) in off.iter_mut().zip(&self.strides[d]) {
                *o += i * s;
            }
        }
        off
    }

    /// Rows per parallel task, so that a task holds about `CHUNK` elements.
    fn rows_per_task(&self) -> usize {
        (CHUNK / self.inner.max(1)).max(1)
    }
}

/// Checks that a buffer of `len` values fits `shape`.
fn check_len(len: usize, shape: &[usize]) -> Result<(), String> {
    let n: usize = shape.iter().product();
    if len == n {
        Ok(())
    } else {
        Err(format!("{len} values do not fill shape {shape:?}"))
    }
}

/// `f` applied to each element of `a`, in parallel chunks.
pub fn map1<A, O, F>(a: &[A], f: F) -> Vec<O>
where
    A: Copy + Sync,
    O: Copy + Send + Default,
    F: Fn(A) -> O + Sync,
{
    let mut out = vec![O::default(); a.len()];
    map1_into(a, f, &mut out);
    out
}

/// `out[i] = f(a[i])`, in parallel chunks (`out` as long as `a`).
pub fn map1_into<A, O, F>(a: &[A], f: F, out: &mut [O])
where
    A: Copy + Sync,
    O: Send,
    F: Fn(A) -> O + Sync,
{
    out.par_chunks_mut(CHUNK)
        .zip(a.par_chunks(CHUNK))
        .for_each(|(o, a)| o.iter_mut().zip(a).for_each(|(o, &x)| *o = f(x)));
}

/// `f(a, b)` at every index of `out` (numpy broadcasting of `a` and `b`).
pub fn map2<A, B, O, F>(
    out: &[usize],
    a: (&[A], &[usize]),
    b: (&[B], &[usize]),
    f: F,
) -> Result<Vec<O>, String>
where
    A: Copy + Sync,
    B: Copy + Sync,
    O: Copy + Send + Default,
    F: Fn(A, B) -> O + Sync,
{
    let mut res = vec![O::default(); out.iter().product()];
    map2_into(out, a, b, f, &mut res)?;
    Ok(res)
}

/// [`map2`] into `res` (of the output's size), every element written.
pub fn map2_into<A, B, O, F>(
    out: &[usize],
    (a, a_shape): (&[A], &[usize]),
    (b, b_shape): (&[B], &[usize]),
    f: F,
    res: &mut [O],
) -> Result<(), String>
where
    A: Copy + Sync,
    B: Copy + Sync,
    O: Send,
    F: Fn(A, B) -> O + Sync,
{
    let plan = Plan::new(out, [a_shape, b_shape])?;
    check_len(a.len(), a_shape)?;
    check_len(b.len(), b_shape)?;
    check_len(res.len(), out)?;
    if res.is_empty() {
        return Ok(());
    }
    let inner = plan.inner;
    let per = plan.rows_per_task();
    res.par_chunks_mut(per * inner)
        .enumerate()
        .for_each(|(t, chunk)| {
            for (r, o) in chunk.chunks_mut(inner).enumerate() {
                let [oa, ob] = plan.row_offsets(t * per + r);
                row2(o, &a[oa..], &b[ob..], plan.step, &f);
            }
        });
    Ok(())
}

/// One inner row of `map2`, specialised on the operand steps so that it vectorises.
fn row2<A: Copy, B: Copy, O, F: Fn(A, B) -> O>(
    o: &mut [O],
    a: &[A],
    b: &[B],
    step: [usize; 2],
    f: &F,
) {
    let n = o.len();
    match step {
        [1, 1] => o
            .iter_mut()
            .zip(&a[..n])
            .zip(&b[..n])
            .for_each(|((o, &x), &y)| *o = f(x, y)),
        [1, 0] => {
            let y = b[0];
            o.iter_mut().zip(&a[..n]).for_each(|(o, &x)| *o = f(x, y));
        }
        [0, 1] => {
            let x = a[0];
            o.iter_mut().zip(&b[..n]).for_each(|(o, &y)| *o = f(x, y));
        }
        _ => {
            let (x, y) = (a[0], b[0]);
            o.iter_mut().for_each(|o| *o = f(x, y));
        }
    }
}

/// `f(a, b, c)` at every index of `out` (numpy broadcasting of the three operands).
pub fn map3<A, B, C, O, F>(
    out: &[usize],
    (a, a_shape): (&[A], &[usize]),
    (b, b_shape): (&[B], &[usize]),
    (c, c_shape): (&[C], &[usize]),
    f: F,
) -> Result<Vec<O>, String>
where
    A: Copy + Sync,
    B: Copy + Sync,
    C: Copy + Sync,
    O: Copy + Send + Default,
    F: Fn(A, B, C) -> O + Sync,
{
    let plan = Plan::new(out, [a_shape, b_shape, c_shape])?;
    check_len(a.len(), a_shape)?;
    check_len(b.len(), b_shape)?;
    check_len(c.len(), c_shape)?;
    let n: usize = out.iter().product();
    let mut res = vec![O::default(); n];
    if n == 0 {
        return Ok(res);
    }
    let inner = plan.inner;
    let per = plan.rows_per_task();
    let [sa, sb, sc] = plan.step;
    res.par_chunks_mut(per * inner)
        .enumerate()
        .for_each(|(t, chunk)| {
            for (r, o) in chunk.chunks_mut(inner).enumerate() {
                let [oa, ob, oc] = plan.row_offsets(t * per + r);
                for (i, o) in o.iter_mut().enumerate() {
                    *o = f(a[oa + i * sa], b[ob + i * sb], c[oc + i * sc]);
                }
            }
        });
    Ok(res)
}

/// `src` (of shape `src_shape`) broadcast to `out`: numpy `broadcast_to` as a copy.
pub fn broadcast_to<T>(src: &[T], src_shape: &[usize], out: &[usize]) -> Result<Vec<T>, String>
where
    T: Copy + Send + Sync + Default,
{
    let unit: [u8; 1] = [0];
    map2(out, (src, src_shape), (&unit[..], &[][..]), |x, _| x)
}

/// The numpy broadcast of two shapes, or a message saying they are incompatible.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>, String> {
    let n = a.len().max(b.len());
    let dim = |s: &[usize], i: usize| {
        if i + s.len() >= n {
            s[i + s.len() - n]
        } else {
            1
        }
    };
    (0..n)
        .map(|i| match (dim(a, i), dim(b, i)) {
            (x, y) if x == y => Ok(x),
            (1, y) => Ok(y),
            (x, 1) => Ok(x),
            _ => Err(format!(
                "shapes {a:?} and {b:?} are not broadcast-compatible"
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_merges_dimensions() {
        let p = Plan::new(&[8, 128, 384], [&[8, 128, 384], &[384]]).unwrap();
        assert_eq!((p.rows(), p.inner, p.step), (1024, 384, [1, 1]));
        assert_eq!(p.row_offsets(3), [3 * 384, 0]);
        let p = Plan::new(&[4, 1, 5], [&[4, 1, 1], &[5]]).unwrap();
        assert_eq!((p.rows(), p.inner, p.step), (4, 5, [0, 1]));
        assert_eq!(p.row_offsets(2), [2, 0]);
        assert!(Plan::new(&[2, 3], [&[3, 3]]).is_err());
    }

    #[test]
    fn map2_broadcasts_both_ways() {
        let a = [1.0f32, 2.0, 3.0];
        let b = [10.0f32, 20.0];
        let r = map2(
            &[2, 3],
            (&a[..], &[3][..]),
            (&b[..], &[2, 1][..]),
            |x, y| x + y,
        )
        .unwrap();
        assert_eq!(r, vec![11.0, 12.0, 13.0, 21.0, 22.0, 23.0]);
        let r = map2(
            &[],
            (&[2.0f32][..], &[][..]),
            (&[3.0f32][..], &[][..]),
            |x, y| x * y,
        );
        assert_eq!(r.unwrap(), vec![6.0]);
    }

    /// The operand index of output index `idx` under numpy broadcasting, computed naively.
    fn naive_index(idx: &[usize], shape: &[usize]) -> usize {
        let off = idx.len() - shape.len();
        shape.iter().enumerate().fold(0, |acc, (d, &s)| {
            acc * s + if s == 1 { 0 } else { idx[off + d] }
        })
    }

    #[test]
    fn map2_agrees_with_naive_indexing_on_many_shapes() {
        let shapes: &[&[usize]] = &[
            &[],
            &[1],
            &[3],
            &[2, 1],
            &[1, 3],
            &[2, 3],
            &[4, 1, 3],
            &[4, 2, 1],
            &[1, 2, 3],
            &[4, 2, 3],
            &[1, 1, 1],
        ];
        for &a in shapes {
            for &b in shapes {
                let Ok(out) = broadcast_shapes(a, b) else {
                    continue;
                };
                let na: usize = a.iter().product();
                let nb: usize = b.iter().product();
                let av: Vec<i64> = (0..na as i64).collect();
                let bv: Vec<i64> = (0..nb as i64).map(|v| v * 1000).collect();
                let got = map2(&out, (&av[..], a), (&bv[..], b), |x, y| x + y).unwrap();
                let n: usize = out.iter().product();
                for (i, &g) in got.iter().enumerate().take(n) {
                    let mut idx = vec![0; out.len()];
                    let mut r = i;
                    for d in (0..out.len()).rev() {
                        idx[d] = r % out[d];
                        r /= out[d];
                    }
                    let want = av[naive_index(&idx, a)] + bv[naive_index(&idx, b)];
                    assert_eq!(g, want, "{a:?} + {b:?} at {idx:?}");
                }
            }
        }
    }

    #[test]
    fn broadcast_to_copies() {
        let r = broadcast_to(&[1i64, 2], &[2, 1], &[2, 3]).unwrap();
        assert_eq!(r, vec![1, 1, 1, 2, 2, 2]);
    }
}
