//! Recycled FP32 buffers: a prepared function keeps the buffers of the values its runs no
//! longer use and hands them out again for results of the same size, so that repeated runs
//! reuse memory instead of faulting in fresh pages for every big result (an arena, as
//! inference runtimes keep one).

use std::sync::Mutex;

/// Most buffers kept.
const MAX_BUFFERS: usize = 64;
/// Most values (all buffers together) kept: 256 MiB of FP32.
const MAX_VALUES: usize = 1 << 26;

/// Buffers of dead values, for reuse.
#[derive(Debug, Default)]
pub(crate) struct Recycler(Mutex<Vec<Vec<f32>>>);

impl Recycler {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<f32>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a buffer, unless the limits are reached.
    pub(crate) fn put(&self, v: Vec<f32>) {
        let mut free = self.lock();
        let held: usize = free.iter().map(Vec::len).sum();
        if !v.is_empty() && free.len() < MAX_BUFFERS && held + v.len() <= MAX_VALUES {
            free.push(v);
        }
    }

    /// A buffer of `n` values whose contents are unspecified (an earlier result's values, or
    /// zeros): the caller writes every element.
    pub(crate) fn take(&self, n: usize) -> Vec<f32> {
        let found = {
            let mut free = self.lock();
            let i = free.iter().rposition(|v| v.len() == n);
            i.map(|i| free.swap_remove(i))
        };
        found.unwrap_or_else(|| vec![0f32; n])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_of_the_same_size_come_back() {
        let r = Recycler::default();
        let mut v = r.take(4);
        assert_eq!(v, [0.0; 4]);
        v[0] = 7.0;
        r.put(v);
        assert_eq!(r.take(3), [0.0; 3]);
        assert_eq!(r.take(4)[0], 7.0);
        assert_eq!(r.take(4), [0.0; 4]);
        r.put(Vec::new());
        assert!(r.lock().is_empty());
    }
}
