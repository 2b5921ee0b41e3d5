//! Where each seat's deputy stands in the roster, looked up on every ballot.

use std::collections::HashMap;

/// Seat number -> roster position. Seats numbered about 1..N (as rosters are) get a table
/// indexed by seat, four bytes a seat, which stays in cache on a 20,000-deputy roster where
/// a hash map's lookups miss it; seats numbered far apart get a map.
#[derive(Debug, Clone)]
pub(super) enum SeatIndex {
    /// Position + 1 by seat number; 0: no deputy has that seat.
    Table(Vec<u32>),
    Map(HashMap<u32, usize>),
}

impl SeatIndex {
    pub(super) fn new(seats: impl ExactSizeIterator<Item = u32> + Clone) -> SeatIndex {
        let count = seats.len();
        let highest = seats.clone().max().unwrap_or(0) as usize;
        // A table no more than a few times the roster (and its positions fit in a u32).
        if highest <= 4 * count + 1024 && u32::try_from(count).is_ok() {
            let mut table = vec![0u32; highest + 1];
            for (i, seat) in seats.enumerate() {
                table[seat as usize] = i as u32 + 1;
            }
            SeatIndex::Table(table)
        } else {
            SeatIndex::Map(seats.enumerate().map(|(i, s)| (s, i)).collect())
        }
    }

    /// The roster position of the deputy at `seat`.
    pub(super) fn get(&self, seat: u32) -> Option<usize> {
        match self {
            SeatIndex::Table(t) => match t.get(seat as usize) {
                Some(&p) if p > 0 => Some(p as usize - 1),
                _ => None,
            },
            SeatIndex::Map(m) => m.get(&seat).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SeatIndex;

    #[test]
    fn dense_and_sparse_seats_find_the_same_positions() {
        let dense = [3u32, 1, 2, 7];
        let sparse = [3u32, 1, 2, 7_000_000];
        let a = SeatIndex::new(dense.iter().copied());
        let b = SeatIndex::new(sparse.iter().copied());
        assert!(matches!(a, SeatIndex::Table(_)));
        assert!(matches!(b, SeatIndex::Map(_)));
        for (index, seats) in [(&a, dense), (&b, sparse)] {
            for (i, s) in seats.iter().enumerate() {
                assert_eq!(index.get(*s), Some(i));
            }
            for s in [0, 4, 5, 6, 8, u32::MAX] {
                assert_eq!(index.get(s), None, "seat {s}");
            }
        }
    }
}
