//! One job per item, on every core: generation parses spec files and formats thousands of
//! generated files, each independent of the others.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads share the work: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `items.iter().map(job).collect()`, spread over [`threads`] threads. Each thread takes the
/// next item not yet taken, so a long job does not hold back the others. The results are in
/// the order of `items`, whatever thread made each one.
pub fn map<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = threads().min(items.len());
    if workers <= 1 {
        return items.iter().map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = Vec::new();
    results.resize_with(items.len(), || None);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, job(item)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A job that panicked panics here, as it would have without threads.
            let done = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (index, result) in done {
                results[index] = Some(result);
            }
        }
    });
    // Every index below `items.len()` was taken by exactly one worker, which returned it.
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = super::map(&items, |n| {
            // Uneven jobs, so that the threads finish out of order.
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(50));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn no_item_no_thread() {
        let none: Vec<u8> = Vec::new();
        assert!(super::map(&none, |_| unreachable!()).is_empty());
    }
}
