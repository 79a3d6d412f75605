import DuchaModel
import Testing

@Suite struct SchemaTests {
    let schema = Schema.v1

    @Test func everyCollectionOfTheDomainIsThereWithIdFirst() {
        let names = schema.collections.map(\.name)
        #expect(
            names == [
                "regions", "bodies", "units", "people", "subjects", "teams", "deployments", "campaigns", "inspections",
                "findings", "rectifications", "follow_ups", "clues", "cases", "handlings", "dispositions", "bulletins",
                "documents", "meetings", "outbreaks",
            ])
        for collection in schema.collections {
            #expect(collection.fields.first?.name == "id")
            #expect(Set(collection.fields.map(\.name)).count == collection.fields.count, "\(collection.name)")
        }
    }

    @Test func everyReferenceAndEnumerationResolves() {
        for collection in schema.collections {
            for field in collection.fields {
                if let target = field.referencedCollection {
                    #expect(schema.collection(target) != nil, "\(field.name)")
                }
                if let kind = field.enumerationKind { #expect(schema.enumeration(kind) != nil, "\(kind)") }
            }
        }
    }

    @Test func derivedPathsFollowToOneReferences() {
        for collection in schema.collections {
            for field in collection.fields {
                guard case .path(let path) = field.derivation else { continue }
                var current = collection
                for step in path.split(separator: ".").map(String.init) {
                    let next = current.field(step)
                    #expect(next != nil, "\(collection.name).\(field.name): \(step)")
                    guard let next, case .reference(let target) = next.type else { break }
                    current = schema.collection(target)!
                }
            }
        }
    }

    @Test func sensitivityFollowsTheDomain() {
        let subjects = schema.collection("subjects")!
        #expect(subjects.sensitivity(of: subjects.field("name")!) == .confidential)
        #expect(subjects.sensitivity(of: subjects.field("post")!) == .internal)
        let cases = schema.collection("cases")!
        #expect(cases.sensitivity(of: cases.field("summary")!) == .confidential)
        #expect(cases.sensitivity(of: cases.field("opened_on")!) == .internal)
        #expect(schema.collection("handlings")!.sensitivity == .confidential)
        let clues = schema.collection("clues")!
        #expect(clues.sensitivity(of: clues.field("reg_no")!) == .secret)
    }

    @Test func labelsAndCodes() throws {
        let taxonomy = try Taxonomy()
        #expect(taxonomy.label("finding_category", "red_code_unmanaged") == "红码人员脱管")
        #expect(taxonomy.enumeration("formalism_type")?.values.count == 8)
        #expect(taxonomy.enumeration("ten_in_place")?.values.map(\.code).last == "tip10")
        #expect(taxonomy.enumeration("inspection_method")?.value(matching: "四不两直")?.code == "four_no_two_straight")
    }

    @Test func aWorkspaceExtendsDataDrivenEnumerationsOnly() throws {
        let taxonomy = try Taxonomy(additions: [
            "finding_category": [EnumerationValue("mask_missing", "未佩戴口罩", "mask missing")]
        ])
        #expect(taxonomy.label("finding_category", "mask_missing") == "未佩戴口罩")
        #expect(taxonomy.enumeration("finding_category")?.values.first?.code == "measure_not_in_place")
        #expect(throws: TaxonomyError.self) {
            try Taxonomy(additions: ["responsibility": [EnumerationValue("x", "x", "x")]])
        }
    }

    @Test func dependencyOrderPutsTargetsFirst() {
        let order = schema.collectionsInDependencyOrder.map(\.name)
        #expect(order.count == schema.collections.count)
        #expect(order.firstIndex(of: "regions")! < order.firstIndex(of: "findings")!)
        #expect(order.firstIndex(of: "inspections")! < order.firstIndex(of: "findings")!)
        #expect(order.firstIndex(of: "findings")! < order.firstIndex(of: "rectifications")!)
    }

    @Test func backwardRelationships() {
        let intoUnits = schema.relationships(into: "units").map { "\($0.collection.name).\($0.field.name)" }
        #expect(intoUnits.contains("findings.unit"))
        #expect(intoUnits.contains("inspections.units"))
        #expect(!intoUnits.contains("findings.county"))
    }
}
