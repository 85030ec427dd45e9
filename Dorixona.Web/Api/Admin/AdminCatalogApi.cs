using System.Text.Json;
using System.Text.Json.Nodes;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Files;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Api.Admin;

public sealed record StockBalance(int ProductId, int BranchId, int Balance);
public sealed record ProductStock(int ProductId, IReadOnlyList<BranchStockRow> Branches, IReadOnlyList<LedgerRow> Ledger);
public sealed record ImportErrorItem(int Line, string Column, string Code, string Message, string? Value);
public sealed record ImportResponse(int Rows, int Created, int Updated, IReadOnlyList<ImportErrorItem> Errors, bool DryRun);
public sealed record UploadedImage(int Id, string FileName, string ContentType, int SortOrder, string Url);

/// <summary>
/// <c>/api/v1/admin</c>: the catalog for admins (bearer token or cookie). Each kind of row has list, get,
/// create, put, patch, deactivate/activate and delete; stock changes, CSV import/export and images beside them.
/// Not found is 404, a refusal because of what depends on the row 409, anything else wrong 400.
/// </summary>
public static class AdminCatalogApi
{
    public static void MapAdminCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").WithTags("Admin catalog")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin })
            .DisableAntiforgery();

        api.MapGet("/categories", (CategoryAdmin s, CancellationToken ct) => s.ListAsync(ct));
        api.MapEntity<CategoryAdmin, CategoryInput, CategoryView>("categories");
        api.MapGet("/substances", (SubstanceAdmin s, CancellationToken ct) => s.ListAsync(ct));
        api.MapEntity<SubstanceAdmin, SubstanceInput, SubstanceView>("substances");
        api.MapGet("/manufacturers", (ManufacturerAdmin s, CancellationToken ct) => s.ListAsync(ct));
        api.MapEntity<ManufacturerAdmin, ManufacturerInput, ManufacturerView>("manufacturers");
        api.MapGet("/branches", (BranchAdmin s, CancellationToken ct) => s.ListAsync(ct));
        api.MapEntity<BranchAdmin, BranchInput, BranchView>("branches");

        api.MapGet("/products", (string? q, int? categoryId, bool? active, int? page, int? pageSize, ProductAdmin s, CancellationToken ct) =>
            s.ListAsync(new ProductListQuery { Text = q, CategoryId = categoryId, Active = active, Page = page ?? 1, PageSize = pageSize ?? 25 }, ct));
        api.MapEntity<ProductAdmin, ProductInput, AdminProductView>("products");
        api.MapGet("/products/{id:int}/stock", async (int id, StockAdmin stock, CancellationToken ct) =>
            TypedResults.Ok(new ProductStock(id, await stock.ForProductAsync(id, ct), await stock.LedgerAsync(id, 50, ct))));

        api.MapPost("/stock-adjustments", async Task<Results<Ok<StockBalance>, ProblemHttpResult>> (
            StockAdjustment body, HttpContext http, StockAdmin stock, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
        {
            var result = await stock.AdjustAsync(body, http.User.UserId(), ct);
            return result.Succeeded ? TypedResults.Ok(new StockBalance(body.ProductId, body.BranchId, result.Value)) : Problem(L, result.Errors);
        });

        api.MapPost("/products/import", async Task<Results<Ok<ImportResponse>, UnprocessableEntity<ImportResponse>, ProblemHttpResult>> (
            HttpRequest request, bool? dryRun, ImportUploads uploads, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
        {
            var content = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("file")?.OpenReadStream()
                : request.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true ? request.Body : null;
            if (content is null) return ApiProblems.Validation(L, [new FieldError("file", "import.file")]);
            var report = await uploads.ImportAsync(content, dryRun ?? false, ct);
            var body = new ImportResponse(report.Rows, report.Created, report.Updated,
                report.Errors.Select(e => new ImportErrorItem(e.Line, e.Column, e.Code, L.ImportError(e), e.Value)).ToList(), report.DryRun);
            return report.Succeeded ? TypedResults.Ok(body) : TypedResults.UnprocessableEntity(body);
        });
        api.MapGet("/products/export.csv", (ProductImporter importer, TimeProvider clock, CancellationToken ct) => CatalogCsv.ExportAsync(importer, clock, ct));

        api.MapPost("/products/{id:int}/images", async Task<Results<Created<UploadedImage>, ProblemHttpResult>> (
            int id, IFormFile? file, ProductImages images, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
        {
            if (file is null) return ApiProblems.Validation(L, [new FieldError("file", "image.empty")]);
            await using var content = file.OpenReadStream();
            var result = await images.AddAsync(id, content, ct);
            if (!result.Succeeded) return Problem(L, result.Errors);
            var image = result.Value!;
            var url = FileUrls.ProductImage(image.FileName);
            return TypedResults.Created(url, new UploadedImage(image.Id, image.FileName, image.ContentType, image.SortOrder, url));
        }).WithMetadata(new RequestSizeLimitAttribute(ProductImages.MaxBytes + 1024 * 1024));
        api.MapDelete("/products/{id:int}/images/{imageId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int id, int imageId, ProductImages images, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            await images.DeleteAsync(id, imageId, ct) is { Succeeded: false } failed ? Problem(L, failed.Errors) : TypedResults.NoContent());
    }

    private static void MapEntity<TService, TInput, TView>(this RouteGroupBuilder api, string path)
        where TService : ICatalogAdmin<TInput, TView> where TInput : class, new()
    {
        var kind = path switch { "categories" => "category", "branches" => "branch", _ => path[..^1] };
        var rows = api.MapGroup("/" + path).WithMetadata(new RowKind(kind, path))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        rows.MapGet("/{id:int}", Rows<TService, TInput, TView>.GetAsync).Produces<TView>();
        rows.MapPost("/", Rows<TService, TInput, TView>.CreateAsync).Accepts<TInput>("application/json").Produces<TView>(StatusCodes.Status201Created);
        rows.MapPut("/{id:int}", Rows<TService, TInput, TView>.PutAsync).Accepts<TInput>("application/json").Produces<TView>();
        rows.MapPatch("/{id:int}", Rows<TService, TInput, TView>.PatchAsync).Accepts<TInput>("application/merge-patch+json", "application/json").Produces<TView>();
        rows.MapPost("/{id:int}/deactivate", Rows<TService, TInput, TView>.DeactivateAsync).Produces<TView>();
        rows.MapPost("/{id:int}/activate", Rows<TService, TInput, TView>.ActivateAsync).Produces<TView>();
        rows.MapDelete("/{id:int}", Rows<TService, TInput, TView>.DeleteAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Which rows a group serves: "category" names the error codes, "categories" the URLs.</summary>
    private sealed record RowKind(string Kind, string Path)
    {
        public FieldError NotFound => new(null, Kind + ".notFound");

        public static RowKind Of(HttpContext http) => http.GetEndpoint()!.Metadata.GetRequiredMetadata<RowKind>();
    }

    /// <summary>
    /// The handlers of one kind of row. They take the service and the body from <see cref="HttpContext"/> themselves:
    /// the route handler analyzer fails on handler parameters whose type is a type parameter.
    /// </summary>
    private static class Rows<TService, TInput, TView> where TService : ICatalogAdmin<TInput, TView> where TInput : class, new()
    {
        public static async Task<IResult> GetAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            await Service(http).FindAsync(id, ct) is { } view ? TypedResults.Ok(view) : Problem(L, [RowKind.Of(http).NotFound]);

        public static async Task<IResult> CreateAsync(HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct)
        {
            var (input, invalid) = await ReadAsync<TInput>(http, L, ct);
            if (input is null) return invalid!;
            var service = Service(http);
            var result = await service.CreateAsync(input, ct);
            if (!result.Succeeded) return Problem(L, result.Errors);
            return TypedResults.Created($"/api/v1/admin/{RowKind.Of(http).Path}/{result.Value}", await service.FindAsync(result.Value, ct));
        }

        public static async Task<IResult> PutAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct)
        {
            var (input, invalid) = await ReadAsync<TInput>(http, L, ct);
            return input is null ? invalid! : await ViewOrProblemAsync(id, http, await Service(http).UpdateAsync(id, input, ct), L, ct);
        }

        /// <summary>A merge patch: the fields sent replace the current ones, the rest stay.</summary>
        public static async Task<IResult> PatchAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct)
        {
            var (patch, invalid) = await ReadAsync<JsonObject>(http, L, ct);
            if (patch is null) return invalid!;
            var service = Service(http);
            if (await service.GetInputAsync(id, ct) is not { } current) return Problem(L, [RowKind.Of(http).NotFound]);
            var options = Json(http);
            var merged = JsonSerializer.SerializeToNode(current, options)!.AsObject();
            foreach (var (name, value) in patch)
            {
                var key = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
                merged[key] = value?.DeepClone();
            }
            TInput input;
            try
            {
                input = merged.Deserialize<TInput>(options)!;
            }
            catch (JsonException e)
            {
                return InvalidJson(L, e);
            }
            return await ViewOrProblemAsync(id, http, await service.UpdateAsync(id, input, ct), L, ct);
        }

        public static async Task<IResult> DeactivateAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            await ViewOrProblemAsync(id, http, await Service(http).SetActiveAsync(id, false, ct), L, ct);

        public static async Task<IResult> ActivateAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            await ViewOrProblemAsync(id, http, await Service(http).SetActiveAsync(id, true, ct), L, ct);

        public static async Task<IResult> DeleteAsync(int id, HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            await Service(http).DeleteAsync(id, ct) is { Succeeded: false } failed ? Problem(L, failed.Errors) : TypedResults.NoContent();

        private static TService Service(HttpContext http) => http.RequestServices.GetRequiredService<TService>();

        private static async Task<IResult> ViewOrProblemAsync(int id, HttpContext http, Result result, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
            result.Succeeded ? TypedResults.Ok((await Service(http).FindAsync(id, ct))!) : Problem(L, result.Errors);
    }

    private static JsonSerializerOptions Json(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    /// <summary>The JSON body, or the answer to give when there is none or it does not read as <typeparamref name="T"/>.</summary>
    private static async Task<(T? Value, IResult? Invalid)> ReadAsync<T>(HttpContext http, IStringLocalizer<SharedStrings> L, CancellationToken ct) where T : class
    {
        if (!http.Request.HasJsonContentType()) return (null, TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType));
        try
        {
            var value = await http.Request.ReadFromJsonAsync<T>(Json(http), ct);
            return value is null ? (null, ApiProblems.Validation(L, [new FieldError(null, "value.invalid")])) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, InvalidJson(L, e));
        }
    }

    private static ProblemHttpResult InvalidJson(IStringLocalizer<SharedStrings> L, JsonException e) =>
        ApiProblems.Validation(L, [ApiInput.ErrorFor(e)]);

    /// <summary>404 for a missing row, 409 for a refusal because of other rows or stock, 400 with field errors otherwise.</summary>
    private static ProblemHttpResult Problem(IStringLocalizer<SharedStrings> L, IReadOnlyList<FieldError> errors)
    {
        var first = errors[0];
        if (first.Field is null && first.Code.EndsWith(".notFound", StringComparison.Ordinal))
            return ApiProblems.Problem(L, first.Code, StatusCodes.Status404NotFound, first.Args);
        if (first.Code is "stock.insufficient" || first.Code.EndsWith(".inUse", StringComparison.Ordinal) || first.Code.EndsWith(".notEmpty", StringComparison.Ordinal))
            return ApiProblems.Problem(L, first.Code, StatusCodes.Status409Conflict, first.Args);
        return ApiProblems.Validation(L, errors);
    }
}
