import Foundation
import StageKit
import StageSupport
import Testing

@Suite struct ProducerThreadTests {
    struct Broken: Error {}

    @Test func deliversEveryItemInOrder() throws {
        let producer = ProducerThread<Int>(capacity: 2) { emit in
            for number in 1...1000 { guard emit(number) else { return } }
        }
        defer { producer.finish() }
        var received: [Int] = []
        while let number = try producer.next() { received.append(number) }
        #expect(received == Array(1...1000))
    }

    @Test func rethrowsTheProducersErrorAfterTheItemsBeforeIt() throws {
        let producer = ProducerThread<Int> { emit in
            _ = emit(1)
            _ = emit(2)
            throw Broken()
        }
        defer { producer.finish() }
        #expect(try producer.next() == 1)
        #expect(try producer.next() == 2)
        #expect(throws: Broken.self) { try producer.next() }
    }

    @Test func finishingEarlyStopsTheProducer() throws {
        final class Count: @unchecked Sendable { var emitted = 0; var sawStop = false }
        let count = Count()
        let producer = ProducerThread<Int>(capacity: 1) { emit in
            for number in 1... {
                guard emit(number) else { count.sawStop = true; return }
                count.emitted += 1
            }
        }
        #expect(try producer.next() == 1)
        producer.finish()
        // After finish() the producer's thread has ended: what it wrote is safe to read.
        #expect(count.sawStop)
        #expect(count.emitted < 10)
    }
}
