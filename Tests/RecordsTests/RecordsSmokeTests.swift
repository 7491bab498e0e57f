import XCTest
@testable import Records

final class RecordsSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
