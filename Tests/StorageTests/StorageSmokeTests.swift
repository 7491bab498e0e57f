import XCTest
@testable import Storage

final class StorageSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
