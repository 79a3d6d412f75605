import GRDB

/// The number of the current run, at an address C can read: an `each()` iterator compares
/// it with the number it was made in.
final class RunGeneration {
    let counter = UnsafeMutablePointer<Int64>.allocate(capacity: 1)

    init() { counter.initialize(to: 0) }

    deinit { counter.deallocate() }

    func advance() { counter.pointee += 1 }
}

/// What an `each()` iterator keeps alive, as a userdata upvalue: its statement and the
/// run counter it reads.
final class RowStream {
    let statement: Statement
    let generation: RunGeneration

    init(statement: Statement, generation: RunGeneration) {
        self.statement = statement
        self.generation = generation
    }
}

/// A row stream the host remembers without keeping it alive.
struct WeakRowStream {
    weak var value: RowStream?

    init(_ value: RowStream) { self.value = value }
}
