//! `Einsum` decomposed into existing nn ops: repeated labels of one operand taken as a
//! diagonal (`nn.gather` of the flat positions `i·(n + 1)`), labels needed nowhere else summed
//! by `nn.reduce_sum`, each pair of operands contracted as one batched `nn.matmul`
//! (`[batch, M, K] × [batch, K, N]`, with `nn.transpose` / `nn.reshape` around it), and the
//! result transposed to the output's label order. Ellipsis dimensions broadcast as numpy's.

use crate::ctx::{int_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    check_generated, const_int, expand, matmul, out, reduce_sum, reshape, transpose,
};
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::Scalar;

/// A subscript label: a letter, or `ELLIPSIS + i` for the `i`-th ellipsis dimension counted
/// from the right.
type Label = u32;

/// The first label of the ellipsis dimensions.
const ELLIPSIS: Label = 1000;

/// An operand: its slot and one distinct label per dimension (after diagonals).
struct Term {
    slot: SlotId,
    labels: Vec<Label>,
}

/// The labels of one subscript term for an operand of rank `rank` (`None`: the output, whose
/// ellipsis has `ell` dimensions).
fn term_labels(
    t: &str,
    rank: Option<usize>,
    ell: usize,
) -> std::result::Result<Vec<Label>, String> {
    let letters = t.chars().filter(|c| *c != '.').count();
    let dots = t.chars().filter(|c| *c == '.').count();
    if !(dots == 0 || (dots == 3 && t.contains("..."))) {
        return Err(format!("term '{t}' has a malformed ellipsis"));
    }
    if let Some(c) = t.chars().find(|c| !(c.is_ascii_alphabetic() || *c == '.')) {
        return Err(format!(
            "term '{t}' has the character '{c}', which is not a letter"
        ));
    }
    let e = match rank {
        Some(r) if dots == 0 && r != letters => {
            return Err(format!(
                "term '{t}' has {letters} labels for an operand of rank {r}"
            ))
        }
        Some(r) if r < letters => {
            return Err(format!(
                "term '{t}' has {letters} labels for an operand of rank {r}"
            ))
        }
        Some(r) => r - letters,
        None if dots == 0 => 0,
        None => ell,
    };
    let (head, tail) = t.split_once("...").unwrap_or((t, ""));
    let mut v: Vec<Label> = head.chars().map(|c| c as Label).collect();
    if dots != 0 {
        v.extend((0..e as Label).rev().map(|i| ELLIPSIS + i));
    }
    v.extend(tail.chars().map(|c| c as Label));
    Ok(v)
}

/// Parses the equation into the operands' and the output's labels.
fn parse(eq: &str, ranks: &[usize]) -> std::result::Result<(Vec<Vec<Label>>, Vec<Label>), String> {
    let eq: String = eq.chars().filter(|c| !c.is_whitespace()).collect();
    let (lhs, rhs) = match eq.split_once("->") {
        Some((l, r)) => (l, Some(r)),
        None => (&eq[..], None),
    };
    let terms: Vec<&str> = lhs.split(',').collect();
    if terms.len() != ranks.len() {
        return Err(format!(
            "equation '{eq}' has {} operand terms, but the node has {} inputs",
            terms.len(),
            ranks.len()
        ));
    }
    let ins: Vec<Vec<Label>> = terms
        .iter()
        .zip(ranks)
        .map(|(t, &r)| term_labels(t, Some(r), 0))
        .collect::<std::result::Result<_, _>>()?;
    let ell = ins
        .iter()
        .flatten()
        .filter(|&&l| l >= ELLIPSIS)
        .map(|&l| (l - ELLIPSIS + 1) as usize)
        .max()
        .unwrap_or(0);
    let outl = match rhs {
        Some(r) => term_labels(r, None, ell)?,
        None => {
            let mut v: Vec<Label> = (0..ell as Label).rev().map(|i| ELLIPSIS + i).collect();
            let mut once: Vec<Label> = ins
                .iter()
                .flatten()
                .copied()
                .filter(|&l| l < ELLIPSIS)
                .filter(|l| ins.iter().flatten().filter(|m| *m == l).count() == 1)
                .collect();
            once.sort_unstable();
            v.extend(once);
            v
        }
    };
    for (i, l) in outl.iter().enumerate() {
        if outl[..i].contains(l) {
            return Err(format!("the output of '{eq}' repeats a label"));
        }
        if !ins.iter().flatten().any(|m| m == l) {
            return Err(format!("the output label of '{eq}' is in no operand"));
        }
    }
    Ok((ins, outl))
}

/// `x` transposed by `perm` (itself for the identity).
fn permute(cx: &mut Ctx, x: SlotId, perm: &[usize]) -> Result<SlotId> {
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return Ok(x);
    }
    transpose(cx, x, perm)
}

/// Takes the diagonal of the first repeated label until every label of `t` is distinct.
fn diagonals(cx: &mut Ctx, mut t: Term) -> Result<Term> {
    while let Some((p1, p2)) = (0..t.labels.len()).find_map(|i| {
        (i + 1..t.labels.len())
            .find(|&j| t.labels[j] == t.labels[i])
            .map(|j| (i, j))
    }) {
        let s = cx.shape(t.slot);
        if s[p1] != s[p2] {
            return cx.fail(format!(
                "a repeated label has dimensions of different sizes in {}",
                fmt_shape(&s)
            ));
        }
        let (n, lab) = (s[p1], t.labels[p1]);
        let mut perm: Vec<usize> = (0..s.len()).filter(|&i| i != p1 && i != p2).collect();
        let labels: Vec<Label> = perm.iter().map(|&i| t.labels[i]).collect();
        perm.extend([p1, p2]);
        let x = permute(cx, t.slot, &perm)?;
        let mut merged: Vec<i64> = perm[..perm.len() - 2].iter().map(|&i| s[i]).collect();
        let Some(nn) = n.checked_mul(n) else {
            return cx.fail("a diagonal dimension is too large");
        };
        merged.push(nn);
        let x = reshape(cx, x, &merged)?;
        check_generated(cx, "diagonal indices", &[n])?;
        let idx: Vec<i64> = (0..n).map(|i| i * (n + 1)).collect();
        let ik = const_int(cx, &[n], Scalar::I64, &idx);
        let axis = merged.len() - 1;
        let mut os = merged.clone();
        os[axis] = n;
        let (vx, vi) = (cx.value(x)?, cx.value(ik)?);
        let attrs = vec![("axis", int_attr(axis as i64))];
        let elem = cx.elem(x);
        let g = cx.emit("nn.gather", &[vx, vi], tensor_type(&os, elem), attrs)?;
        t.slot = cx.add_slot(g);
        t.labels = labels;
        t.labels.push(lab);
    }
    Ok(t)
}

/// Sums the labels of `t` that are not in `keep`.
fn sum_out(cx: &mut Ctx, t: Term, keep: &[Label]) -> Result<Term> {
    let axes: Vec<usize> = (0..t.labels.len())
        .filter(|&i| !keep.contains(&t.labels[i]))
        .collect();
    if axes.is_empty() {
        return Ok(t);
    }
    let slot = reduce_sum(cx, t.slot, &axes)?;
    let labels = t
        .labels
        .iter()
        .copied()
        .filter(|l| keep.contains(l))
        .collect();
    Ok(Term { slot, labels })
}

/// The size of label `l` in `t`.
fn dim(cx: &Ctx, t: &Term, l: Label) -> i64 {
    let i = t
        .labels
        .iter()
        .position(|&m| m == l)
        .expect("label of the term");
    cx.shape(t.slot)[i]
}

/// `t` with the dimensions of `labels` broadcast to `sizes` (1 → n).
fn broadcast(cx: &mut Ctx, t: Term, sizes: &[(Label, i64)]) -> Result<Term> {
    let mut s = cx.shape(t.slot);
    for &(l, n) in sizes {
        if let Some(i) = t.labels.iter().position(|&m| m == l) {
            s[i] = n;
        }
    }
    let slot = expand(cx, t.slot, &s)?;
    Ok(Term { slot, ..t })
}

/// Contracts `a` and `b` over their shared labels not in `keep` with one batched matmul.
fn contract(cx: &mut Ctx, a: Term, b: Term, keep: &[Label]) -> Result<Term> {
    let shared: Vec<Label> = a
        .labels
        .iter()
        .copied()
        .filter(|l| b.labels.contains(l))
        .collect();
    let mut sizes = vec![];
    for &l in &shared {
        let (na, nb) = (dim(cx, &a, l), dim(cx, &b, l));
        if na != nb && na != 1 && nb != 1 {
            return cx.fail(format!("a label has sizes {na} and {nb} in two operands"));
        }
        sizes.push((l, na.max(nb)));
    }
    let (a, b) = (broadcast(cx, a, &sizes)?, broadcast(cx, b, &sizes)?);
    let batch: Vec<Label> = shared
        .iter()
        .copied()
        .filter(|l| keep.contains(l))
        .collect();
    let inner: Vec<Label> = shared
        .iter()
        .copied()
        .filter(|l| !keep.contains(l))
        .collect();
    let aonly: Vec<Label> = a
        .labels
        .iter()
        .copied()
        .filter(|l| !shared.contains(l))
        .collect();
    let bonly: Vec<Label> = b
        .labels
        .iter()
        .copied()
        .filter(|l| !shared.contains(l))
        .collect();
    let size = |cx: &Ctx, t: &Term, ls: &[Label]| -> Vec<i64> {
        ls.iter().map(|&l| dim(cx, t, l)).collect()
    };
    let (sb, sm, sk, sn) = (
        size(cx, &a, &batch),
        size(cx, &a, &aonly),
        size(cx, &a, &inner),
        size(cx, &b, &bonly),
    );
    let order = |t: &Term, groups: [&[Label]; 3]| -> Vec<usize> {
        groups
            .iter()
            .flat_map(|g| g.iter())
            .map(|l| t.labels.iter().position(|m| m == l).expect("label"))
            .collect()
    };
    let pa = order(&a, [&batch, &aonly, &inner]);
    let pb = order(&b, [&batch, &inner, &bonly]);
    let xa = permute(cx, a.slot, &pa)?;
    let xb = permute(cx, b.slot, &pb)?;
    let [nb, m, k, n] = [&sb, &sm, &sk, &sn].map(|v| shape::product(v));
    let xa = reshape(cx, xa, &[nb, m, k])?;
    let xb = reshape(cx, xb, &[nb, k, n])?;
    let y = matmul(cx, xa, xb)?;
    let mut os = sb;
    os.extend(sm);
    os.extend(sn);
    let slot = reshape(cx, y, &os)?;
    let mut labels = batch;
    labels.extend(aonly);
    labels.extend(bonly);
    Ok(Term { slot, labels })
}

/// `Einsum {equation}` (opset 12).
pub fn einsum(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let Some(eq) = cx.attr_str("equation")? else {
        return cx.fail("requires attribute 'equation'");
    };
    let slots: Vec<SlotId> = (0..cx.node.input.len())
        .map(|i| cx.req(i))
        .collect::<Result<_>>()?;
    if slots.is_empty() {
        return cx.fail("needs at least one input");
    }
    let ranks: Vec<usize> = slots.iter().map(|&s| cx.shape(s).len()).collect();
    let (ins, outl) = parse(&eq, &ranks).map_err(|e| cx.err(e))?;
    let mut terms = vec![];
    for (slot, labels) in slots.into_iter().zip(ins) {
        terms.push(diagonals(cx, Term { slot, labels })?);
    }
    let needed = |terms: &[Term], from: usize| -> Vec<Label> {
        let mut v = outl.clone();
        v.extend(terms[from..].iter().flat_map(|t| t.labels.iter().copied()));
        v
    };
    let mut rest = terms.into_iter();
    let first = rest.next().expect("one input");
    let others: Vec<Term> = rest.collect();
    let mut acc = sum_out(cx, first, &needed(&others, 0))?;
    for i in 0..others.len() {
        let later = needed(&others, i + 1);
        let mut keep_t = later.clone();
        keep_t.extend(acc.labels.iter().copied());
        let t = Term {
            slot: others[i].slot,
            labels: others[i].labels.clone(),
        };
        let t = sum_out(cx, t, &keep_t)?;
        let mut keep_a = later.clone();
        keep_a.extend(t.labels.iter().copied());
        acc = sum_out(cx, acc, &keep_a)?;
        acc = contract(cx, acc, t, &later)?;
    }
    let acc = sum_out(cx, acc, &outl)?;
    let perm: Vec<usize> = outl
        .iter()
        .map(|l| {
            acc.labels
                .iter()
                .position(|m| m == l)
                .expect("output label")
        })
        .collect();
    let y = permute(cx, acc.slot, &perm)?;
    out(cx, y)
}
