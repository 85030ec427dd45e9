using Dorixona.Core.Common;
using Dorixona.Core.Delivery;

namespace Dorixona.Web.Components.Delivery;

/// <summary>What a row of the operators' grid asks the page to do (after any confirmation), and what to say when it worked.</summary>
public sealed record DeliveryAction(Func<DeliveryService, Task<Result>> Run, string Done);
