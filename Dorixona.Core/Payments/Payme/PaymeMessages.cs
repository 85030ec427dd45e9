using System.Globalization;
using System.Resources;
using Dorixona.Core.Common;

namespace Dorixona.Core.Payments.Payme;

/// <summary>The payer-facing texts of Payme errors, in Russian, Uzbek and English at once as the protocol requires; texts in <c>PaymeMessages.resx</c>.</summary>
public static class PaymeMessages
{
    private static readonly ResourceManager Resources = new(typeof(PaymeMessages));
    private static readonly int[] Codes = [-32504, -32300, -32700, -32600, -32601, -31001, -31003, -31007, -31008, -31050, -31051];

    public static (string Ru, string Uz, string En) PasswordRefused => All("passwordRefused");

    public static (string Ru, string Uz, string En) For(int code) =>
        All(Codes.Contains(code) ? "code." + code.ToString(CultureInfo.InvariantCulture) : "code.other");

    private static (string Ru, string Uz, string En) All(string key) =>
        (Resources.Text(key, "ru"), Resources.Text(key, "uz"), Resources.Text(key, "en"));
}
