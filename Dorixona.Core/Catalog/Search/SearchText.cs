using System.Globalization;
using System.Text;

namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// Folds the ways people write a medicine's name onto one key, so "парацетамол", "paratsetamol" and
/// "Paracetamol" meet, as do "цитрамон"/"sitramon"/"Citramon" and "no shpa"/"No-Spa"/"Но-шпа":
/// Cyrillic (Russian and Uzbek) is transliterated, Uzbek apostrophes (o‘ oʻ o' o`) dropped, then sounds
/// that spellings disagree on are folded (c/ts/s, sh/s, x/ks, kh/h, q/k, y/i, double letters…).
/// </summary>
public static class SearchText
{
    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "yo", ['ж'] = "j",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "x", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "sh", ['ъ'] = "", ['ы'] = "i", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya", ['ў'] = "o", ['қ'] = "q", ['ғ'] = "g", ['ҳ'] = "h", ['і'] = "i", ['ї'] = "i", ['є'] = "e",
    };

    /// <summary>Lower-case Latin words and numbers, Cyrillic transliterated, apostrophes and diacritics gone.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        // Composed first, so Cyrillic ў й ё are transliterated whole; only Latin letters lose their accents.
        foreach (var raw in text.Normalize(NormalizationForm.FormC))
        {
            var c = char.ToLowerInvariant(raw);
            if (c is '\'' or '‘' or '’' or '`' or 'ʻ' or 'ʼ' or '´') continue;
            if (Cyrillic.TryGetValue(c, out var latin)) sb.Append(latin);
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (c is '.' or ',' && sb.Length > 0 && char.IsAsciiDigit(sb[^1])) sb.Append('.'); // 0.05%, 2,5 mg
            else if (c > 127 && char.IsLetter(c)) AppendWithoutAccents(sb, c);
            else sb.Append(' ');
        }
        return sb.ToString();
    }

    private static void AppendWithoutAccents(StringBuilder sb, char c)
    {
        foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
            if (d is >= 'a' and <= 'z') sb.Append(d);
            else if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) sb.Append(' ');
    }

    /// <summary>The words of <see cref="Normalize"/>d text, each folded by <see cref="Phonetic"/>.</summary>
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        foreach (var word in Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word.Trim('.');
            if (w.Length == 0) continue;
            tokens.Add(char.IsAsciiDigit(w[0]) ? w : Phonetic(w));
        }
        return tokens;
    }

    /// <summary>Folds spelling variants of one lower-case Latin word.</summary>
    public static string Phonetic(string word)
    {
        var s = word;
        s = s.Replace("shch", "s", StringComparison.Ordinal).Replace("sch", "s", StringComparison.Ordinal)
             .Replace("sh", "s", StringComparison.Ordinal).Replace("zh", "j", StringComparison.Ordinal)
             .Replace("kh", "h", StringComparison.Ordinal).Replace("ph", "f", StringComparison.Ordinal)
             .Replace("ck", "k", StringComparison.Ordinal).Replace("ts", "s", StringComparison.Ordinal)
             .Replace("tz", "s", StringComparison.Ordinal).Replace("ch", "c", StringComparison.Ordinal);
        var sb = new StringBuilder(s.Length + 2);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            switch (c)
            {
                case 'c': sb.Append(next is 'e' or 'i' or 'y' ? 's' : 'k'); break;
                case 'x': sb.Append("ks"); break;
                case 'q': sb.Append('k'); break;
                case 'w': sb.Append('v'); break;
                case 'y': sb.Append('i'); break;
                case 'z': sb.Append('s'); break;
                default: sb.Append(c); break;
            }
        }
        // Double letters collapse ("amoxicillin" ~ "amoksitsilin"); a final silent e goes ("loratadine" ~ "лоратадин").
        var folded = new StringBuilder(sb.Length);
        foreach (var c in sb.ToString())
            if (folded.Length == 0 || folded[^1] != c || char.IsAsciiDigit(c)) folded.Append(c);
        if (folded.Length > 4 && folded[^1] == 'e') folded.Length--;
        return folded.ToString();
    }

    private const string Latin = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    private const string Russian = "йцукенгшщзхъфывапролджэячсмитьбюё";

    /// <summary>
    /// The same keys on the other keyboard layout: "wbnhfvjy" (typed with the Latin layout on) becomes
    /// "цитрамон", "сшекфьщт" becomes "citramon". Null when the text has no letters of either layout.
    /// </summary>
    public static string? SwapKeyboardLayout(string text)
    {
        var lower = text.ToLowerInvariant();
        var toLatin = lower.Any(c => Russian.Contains(c, StringComparison.Ordinal));
        var (from, to) = toLatin ? (Russian, Latin) : (Latin, Russian);
        var sb = new StringBuilder(lower.Length);
        var changed = false;
        foreach (var c in lower)
        {
            var i = from.IndexOf(c, StringComparison.Ordinal);
            if (i >= 0)
            {
                sb.Append(to[i]);
                changed = true;
            }
            else
            {
                sb.Append(c);
            }
        }
        return changed ? sb.ToString() : null;
    }

    /// <summary>Damerau–Levenshtein distance (adjacent swaps count 1), or max+1 as soon as it must exceed <paramref name="max"/>.</summary>
    /// <summary>
    /// Which letters a word has, one bit each (other characters share a few bits). One edit changes at most two
    /// bits, so words whose masks differ in more than 2·max bits are more than max edits apart.
    /// </summary>
    public static uint LetterMask(ReadOnlySpan<char> word)
    {
        var mask = 0u;
        foreach (var c in word) mask |= 1u << (c is >= 'a' and <= 'z' ? c - 'a' : 26 + c % 6);
        return mask;
    }

    /// <summary>
    /// <see cref="Distance"/>(a, b, 1) &lt;= 1 without the table: equal but for one letter changed, added, removed, or two
    /// neighbours swapped. Most candidates differ early, so this stops after a few letters.
    /// </summary>
    public static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length > 64 || b.Length > 64) return a.SequenceEqual(b);
        if (a.Length < b.Length)
        {
            var shorter = a;
            a = b;
            b = shorter;
        }
        if (a.Length - b.Length > 1) return false;
        var i = 0;
        while (i < b.Length && a[i] == b[i]) i++;
        if (i == b.Length) return true;
        if (a.Length != b.Length) return a[(i + 1)..].SequenceEqual(b[i..]);
        if (a[(i + 1)..].SequenceEqual(b[(i + 1)..])) return true;
        return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]);
    }

    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length > 64 || b.Length > 64) return a.SequenceEqual(b) ? 0 : max + 1;
        var rows = a.Length + 1;
        var cols = b.Length + 1;
        Span<int> prev2 = stackalloc int[cols];
        Span<int> prev = stackalloc int[cols];
        Span<int> cur = stackalloc int[cols];
        for (var j = 0; j < cols; j++) prev[j] = j;
        for (var i = 1; i < rows; i++)
        {
            cur[0] = i;
            var best = cur[0];
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < best) best = v;
            }
            if (best > max) return max + 1;
            var t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return prev[cols - 1];
    }
}
