import DuchaModel
import DuchaScripting
import LuaKit
import Testing

@Suite struct LuaTypesTests {
    @Test func theDefinitionsAreLuaAndNameEveryCollectionFieldAndCode() throws {
        let taxonomy = try Taxonomy(additions: ["finding_category": [EnumerationValue("mask_missing", "未佩戴口罩", "mask")]]
        )
        let text = LuaTypes.definitions(taxonomy)
        #expect(throws: Never.self) { try LuaState().load(text, name: "=types") }
        for collection in taxonomy.schema.collections {
            #expect(text.contains("---@field \(collection.name) ducha.\(collection.name).query"))
            for field in collection.fields {
                #expect(text.contains("---@field \(field.name)? "), "\(collection.name).\(field.name)")
            }
        }
        #expect(text.contains("---| \"red_code_unmanaged\" # 红码人员脱管"))
        #expect(text.contains("---| \"mask_missing\" # 未佩戴口罩"))
        #expect(text.contains("---@field category? ducha.finding_category"))
        #expect(text.contains("function query:count_by(path) end"))
        #expect(text.contains("function report.chart.bar(rows, options) end"))
        #expect(text.contains("function describe(name, body) end"))
        #expect(text.contains("function run_report(name, ...) end"))
    }
}
