/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so
/// generated samples are the same on every run and machine.
struct SampleRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }

    mutating func pick<Element>(_ elements: [Element]) -> Element { elements[below(elements.count)] }

    /// The persons the article names, whom no synthetic person may be named after.
    static let articlePersons: Set<String> = ["赵丹", "付海燕"]

    /// A synthetic Chinese personal name, drawn again if it is one the article gives.
    mutating func personName() -> String {
        let surnames = Array(
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
        let given = Array("建国华军明伟芳丽敏静强磊洋艳勇杰娟涛超秀霞平刚桂英玉兰志红晓云飞鹏辉斌宇浩凯琳雪梅文博新春海燕丹林峰亮")
        while true {
            let length = chance(2, in: 3) ? 2 : 1
            let name = String(pick(surnames)) + String((0..<length).map { _ in pick(given) })
            if !Self.articlePersons.contains(name) { return name }
        }
    }
}
