using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dorixona.Core.Catalog;

/// <summary>
/// The demo catalog's leaflets (<c>SeedData/leaflets.json</c>), written once per active substance, or set of substances for a
/// combination, and given to every demo product with exactly that set. An entry may name the dosage forms it is for
/// (a gel's dosage is not a tablet's); one that names the product's form wins over one that names none.
/// </summary>
public sealed class LeafletSeed
{
    public string[] Substances { get; init; } = [];
    /// <summary>Empty for every form not claimed by a more specific entry.</summary>
    public string[] Forms { get; init; } = [];
    public Texts Indications { get; init; } = new();
    public Texts Dosage { get; init; } = new();
    public Texts Contraindications { get; init; } = new();
    public Texts SideEffects { get; init; } = new();
    public Texts Interactions { get; init; } = new();
    /// <summary>Left out where the file's <c>storage</c> for most medicines says it.</summary>
    public Texts? Storage { get; init; }

    public sealed record Texts(string Uz = "", string Ru = "", string En = "");

    public LeafletTranslations ToTranslations(Texts storage)
    {
        var s = Storage ?? storage;
        return new LeafletTranslations
        {
            Uz = new(Indications.Uz, Dosage.Uz, Contraindications.Uz, SideEffects.Uz, Interactions.Uz, s.Uz),
            Ru = new(Indications.Ru, Dosage.Ru, Contraindications.Ru, SideEffects.Ru, Interactions.Ru, s.Ru),
            En = new(Indications.En, Dosage.En, Contraindications.En, SideEffects.En, Interactions.En, s.En),
        };
    }

    /// <summary>The file: the storage text most medicines share, and the leaflets.</summary>
    public sealed record File(Texts Storage, IReadOnlyList<LeafletSeed> Leaflets)
    {
        private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        public static File Read(Stream json) => JsonSerializer.Deserialize<File>(json, Options)
            ?? throw new InvalidOperationException("leaflets.json is empty");

        /// <summary>The leaflet for a product of these substances (INN, any order) and form; null when the file has none.</summary>
        public LeafletTranslations? For(IEnumerable<string> substances, string form)
        {
            var set = substances.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var same = Leaflets.Where(l => set.SetEquals(l.Substances)).ToList();
            var match = same.FirstOrDefault(l => l.Forms.Contains(form, StringComparer.Ordinal)) ?? same.FirstOrDefault(l => l.Forms.Length == 0);
            return match?.ToTranslations(Storage);
        }
    }
}
