//! A stand-in for the y-websocket server, in one process: the native tests
//! of the live room and of the shared workspace run their devices through it.

use tandem::storage::live::peer::{Peer, SyncedDoc, update_frame};

/// A stand-in for the y-websocket server: it holds its own copy of the
/// document, answers sync step 1, and forwards every other frame to all
/// other peers (one message per frame, like the real one).
pub struct Relay<D: SyncedDoc> {
    pub server: Peer<D>,
    pub peers: Vec<Peer<D>>,
}

impl<D: SyncedDoc> Relay<D> {
    /// A relay whose own copy of the document starts as `server`.
    pub fn new(server: D) -> Relay<D> {
        Relay {
            server: Peer::new(server, || 0u64),
            peers: Vec::new(),
        }
    }

    /// Connects a peer: both sides greet, and the frames flow until quiet.
    pub fn connect(&mut self, mut peer: Peer<D>) -> usize {
        let greeting = peer.greeting();
        self.peers.push(peer);
        let id = self.peers.len() - 1;
        let mut server_hello = self.server.greeting();
        // The server's presence is not a participant's: drop it.
        server_hello.truncate(1);
        self.flow(id, greeting, server_hello);
        id
    }

    /// `up`: frames from peer `from` to the server; `down`: from the
    /// server to that peer.
    pub fn flow(&mut self, from: usize, up: Vec<Vec<u8>>, down: Vec<Vec<u8>>) {
        let (mut up, mut down) = (up, down);
        for _ in 0..20 {
            for frame in std::mem::take(&mut up) {
                let incoming = self.server.receive(&frame).expect("the server reads it");
                down.extend(incoming.replies);
                // Presence, updates and what a sync step 2 brought go to
                // everyone else too.
                let forwarded = frame.first() == Some(&1)
                    || (frame.first() == Some(&0) && matches!(frame.get(1), Some(1 | 2)));
                if forwarded {
                    for (i, other) in self.peers.iter_mut().enumerate() {
                        if i != from {
                            let _ = other.receive(&frame);
                        }
                    }
                }
            }
            for frame in std::mem::take(&mut down) {
                up.extend(
                    self.peers[from]
                        .receive(&frame)
                        .expect("the peer reads it")
                        .replies,
                );
            }
            if up.is_empty() && down.is_empty() {
                return;
            }
        }
        panic!("never quiet");
    }

    /// Peer `from` sends a document update it made.
    pub fn send(&mut self, from: usize, update: Vec<u8>) {
        self.flow(from, vec![update_frame(update)], Vec::new());
    }

    pub fn room(&self, id: usize) -> &D {
        self.peers[id].room()
    }
}
