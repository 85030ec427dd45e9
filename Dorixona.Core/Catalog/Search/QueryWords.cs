namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// Words people add around a medicine's name that no product name needs to hold: what it is for ("for",
/// "для", "uchun"), which form ("sirop", "мазь", "tabletka") or audience ("bolalar", "для детей"), and salt
/// or hydrate names as printed on Russian packs ("гидрохлорид", "калия"). Each is written here as people
/// write it (uz Latin, ru, en; uz Cyrillic folds onto uz Latin) and folded the way the index folds words,
/// so they are recognised whatever the script. Forms and audiences steer the ranking, salts add to a
/// match, fillers are dropped: none of them can empty a result.
/// </summary>
internal static class QueryWords
{
    public enum Kind : byte { Content, Filler, Form, Children, Salt }

    private static readonly string[] Fillers =
    [
        "uchun", "va", "bilan", "qarshi", "dori", "dorisi", "dorilar", "vosita", "vositasi", "mg", "ml", "mkg", "gr",
        "для", "от", "при", "и", "с", "со", "на", "лекарство", "лекарства", "средство", "препарат", "мг", "мл", "мкг", "гр", "шт",
        "for", "with", "and", "the", "of", "against", "medicine", "drug", "pcs",
    ];

    private static readonly (string[] Words, string[] Forms)[] FormWords =
    [
        (["tabletka", "tabletkalar", "tabletkasi", "tablet", "tablets", "tabs", "tab", "pill", "pills", "таблетка", "таблетки", "таблеток", "табл", "драже"],
            ["tablet", "film-coated-tablet", "effervescent-tablet", "chewable-tablet"]),
        (["effervescent", "шипучие", "шипучая", "шипучий", "растворимые"], ["effervescent-tablet"]),
        (["chewable", "жевательные", "жевательная", "chaynaladigan"], ["chewable-tablet"]),
        (["kapsula", "kapsulalar", "kapsulasi", "capsule", "capsules", "caps", "капсулы", "капсула", "капсул"], ["capsule"]),
        (["sirop", "siropi", "sirob", "syrup", "сироп", "сиропы", "сиропа", "шарбат"], ["syrup", "suspension", "oral-solution"]),
        (["suspenziya", "suspension", "суспензия", "суспензии"], ["suspension", "syrup"]),
        (["tomchi", "tomchilar", "tomchisi", "drops", "капли", "капель"], ["drops", "eye-drops"]),
        (["malham", "malhami", "ointment", "мазь", "мази"], ["ointment", "cream", "gel"]),
        (["krem", "kremi", "cream", "крем", "крема"], ["cream", "ointment"]),
        (["gel", "geli", "гель", "геля"], ["gel"]),
        (["sprey", "spreyi", "spray", "aerozol", "спрей", "аэрозоль"], ["spray", "nasal-spray"]),
        (["sham", "shamcha", "shamchalar", "suppository", "suppositories", "свечи", "свечки", "свеча", "суппозитории"], ["suppository"]),
        (["ukol", "ukollar", "inyeksiya", "ampula", "injection", "ampoule", "ampoules", "укол", "уколы", "инъекции", "инъекция", "ампулы", "ампула"], ["injection"]),
        (["poroshok", "kukun", "paketcha", "powder", "sachet", "порошок", "порошки", "саше", "пакетики"], ["powder", "sachet"]),
        (["pastilka", "pastilkalar", "lozenge", "lozenges", "пастилки", "леденцы", "рассасывания"], ["lozenge"]),
    ];

    private static readonly string[] ChildrenWords =
    [
        "bola", "bolalar", "bolalarga", "bolaga", "bolalarniki", "chaqaloq", "chaqaloqlar", "go'dak",
        "детей", "детский", "детская", "детское", "детские", "детям", "ребенка", "ребёнка", "малышей", "младенцев", "беби", "бэби",
        "children", "child", "kids", "kid", "baby", "babies", "infant", "infants", "pediatric",
    ];

    /// <summary>Each salt, ester or hydrate with the ways it is written; the first spelling is the one the index keeps.</summary>
    private static readonly string[][] Salts =
    [
        ["sodium", "natriy", "natrii", "natrium", "натрия", "натрий"],
        ["potassium", "kaliy", "kalii", "kalium", "калия", "калий"],
        ["hydrochloride", "hydrochlorid", "gidroxlorid", "gidroklorid", "hcl", "гидрохлорид", "гидрохлорида"],
        ["dihydrochloride", "digidroxlorid", "дигидрохлорид"],
        ["hydrobromide", "gidrobromid", "гидробромид", "гидробромида"],
        ["maleate", "maleat", "малеат", "малеата"],
        ["sulfate", "sulphate", "sulfat", "сульфат", "сульфата"],
        ["phosphate", "fosfat", "фосфат", "фосфата"],
        ["acetate", "atsetat", "ацетат", "ацетата"],
        ["citrate", "sitrat", "цитрат", "цитрата"],
        ["tartrate", "tartrat", "bitartrate", "тартрат", "битартрат"],
        ["fumarate", "fumarat", "фумарат"],
        ["succinate", "suksinat", "сукцинат"],
        ["mesylate", "mesilate", "mezilat", "мезилат"],
        ["besylate", "besilate", "bezilat", "безилат"],
        ["lactate", "laktat", "лактат"],
        ["gluconate", "glyukonat", "глюконат"],
        ["bromide", "bromid", "бромид"],
        ["nitrate", "nitrat", "нитрат"],
        ["dipropionate", "dipropionat", "дипропионат", "propionate", "пропионат"],
        ["valerate", "valerat", "валерат"],
        ["furoate", "furoat", "фуроат"],
        ["aceponate", "aseponat", "ацепонат"],
        ["monohydrate", "monogidrat", "моногидрат"],
        ["dihydrate", "digidrat", "дигидрат"],
        ["trihydrate", "trigidrat", "тригидрат"],
        ["hemihydrate", "гемигидрат"],
        ["hydrate", "gidrat", "гидрат"],
        ["anhydrous", "безводный"],
    ];

    private static readonly Dictionary<string, (Kind Kind, string[] Forms, string Canonical)> Known = Build();

    private static Dictionary<string, (Kind, string[], string)> Build()
    {
        var map = new Dictionary<string, (Kind, string[], string)>(StringComparer.Ordinal);
        void Add(string text, Kind kind, string[] forms, string? canonical = null)
        {
            foreach (var token in SearchText.Tokens(text)) map.TryAdd(token, (kind, forms, canonical ?? token));
        }
        foreach (var salt in Salts)
        {
            var canonical = SearchText.Tokens(salt[0])[0];
            foreach (var spelling in salt) Add(spelling, Kind.Salt, [], canonical);
        }
        foreach (var (words, forms) in FormWords)
            foreach (var w in words) Add(w, Kind.Form, forms);
        foreach (var w in ChildrenWords) Add(w, Kind.Children, []);
        foreach (var w in Fillers) Add(w, Kind.Filler, []);
        return map;
    }

    /// <summary>What a folded word is; content words are everything not listed here.</summary>
    public static Kind Of(string folded) => Known.TryGetValue(folded, out var k) ? k.Kind : Kind.Content;

    /// <summary>The dosage forms a form word asks for (empty for other words).</summary>
    public static string[] FormsOf(string folded) => Known.TryGetValue(folded, out var k) ? k.Forms : [];

    /// <summary>The one spelling the index keeps for a salt ("натрия", "natriy" → "sodium"); other words unchanged.</summary>
    public static string Canonical(string folded) =>
        Known.TryGetValue(folded, out var k) && k.Kind == Kind.Salt ? k.Canonical : folded;

    /// <summary>True when text (a product or category name) says it is for children.</summary>
    public static bool SaysChildren(params string?[] texts) =>
        texts.Any(t => SearchText.Tokens(t).Any(w => Of(w) == Kind.Children));
}
