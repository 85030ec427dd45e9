using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// The catalog: two-level categories, active substances, manufacturers, products with their substances
/// and images, branches, per-branch stock (never below zero) with its ledger, and the revision counters
/// the in-memory search index watches. Provider-neutral like the initial migration (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261121130000_Catalog")]
public sealed class Catalog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ActiveSubstances",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Inn = table.Column<string>(maxLength: 128, nullable: false),
                NameUz = table.Column<string>(maxLength: 128, nullable: false),
                NameRu = table.Column<string>(maxLength: 128, nullable: false),
                AtcCode = table.Column<string>(maxLength: 16, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ActiveSubstances", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Branches",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Code = table.Column<string>(maxLength: 8, nullable: false),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                Address = table.Column<string>(maxLength: 256, nullable: false),
                Latitude = table.Column<double>(nullable: false),
                Longitude = table.Column<double>(nullable: false),
                OpeningHours = table.Column<string>(maxLength: 64, nullable: false),
                Phone = table.Column<string>(maxLength: 13, nullable: false),
                IsWarehouse = table.Column<bool>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Branches", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "CatalogRevisions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Catalog = table.Column<long>(nullable: false),
                Stock = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CatalogRevisions", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Categories",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ParentId = table.Column<int>(nullable: true),
                Slug = table.Column<string>(maxLength: 64, nullable: false),
                NameUz = table.Column<string>(maxLength: 128, nullable: false),
                NameRu = table.Column<string>(maxLength: 128, nullable: false),
                NameEn = table.Column<string>(maxLength: 128, nullable: false),
                Icon = table.Column<string>(maxLength: 48, nullable: false),
                SortOrder = table.Column<int>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                DeletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Categories", x => x.Id);
                table.ForeignKey(
                    name: "FK_Categories_Categories_ParentId",
                    column: x => x.ParentId,
                    principalTable: "Categories",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Manufacturers",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                Country = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Manufacturers", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Products",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Slug = table.Column<string>(maxLength: 160, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                NameRu = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 4000, nullable: false),
                CategoryId = table.Column<int>(nullable: false),
                ManufacturerId = table.Column<int>(nullable: false),
                DosageForm = table.Column<string>(maxLength: 32, nullable: false),
                Strength = table.Column<string>(maxLength: 64, nullable: false),
                PackSize = table.Column<int>(nullable: false),
                Barcode = table.Column<string>(maxLength: 32, nullable: true),
                Price = table.Column<long>(nullable: false),
                OldPrice = table.Column<long>(nullable: true),
                RequiresPrescription = table.Column<bool>(nullable: false),
                ExpiryDate = table.Column<DateOnly>(nullable: true),
                Popularity = table.Column<int>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                DeletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Products", x => x.Id);
                table.ForeignKey(
                    name: "FK_Products_Categories_CategoryId",
                    column: x => x.CategoryId,
                    principalTable: "Categories",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Products_Manufacturers_ManufacturerId",
                    column: x => x.ManufacturerId,
                    principalTable: "Manufacturers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "BranchStock",
            columns: table => new
            {
                BranchId = table.Column<int>(nullable: false),
                ProductId = table.Column<int>(nullable: false),
                Quantity = table.Column<int>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.CheckConstraint("CK_BranchStock_Quantity", "\"Quantity\" >= 0");
                table.PrimaryKey("PK_BranchStock", x => new { x.BranchId, x.ProductId });
                table.ForeignKey(
                    name: "FK_BranchStock_Branches_BranchId",
                    column: x => x.BranchId,
                    principalTable: "Branches",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_BranchStock_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "ProductImages",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ProductId = table.Column<int>(nullable: false),
                FileName = table.Column<string>(maxLength: 64, nullable: false),
                ContentType = table.Column<string>(maxLength: 32, nullable: false),
                SortOrder = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ProductImages", x => x.Id);
                table.ForeignKey(
                    name: "FK_ProductImages_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ProductSubstances",
            columns: table => new
            {
                ProductId = table.Column<int>(nullable: false),
                SubstanceId = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ProductSubstances", x => new { x.ProductId, x.SubstanceId });
                table.ForeignKey(
                    name: "FK_ProductSubstances_ActiveSubstances_SubstanceId",
                    column: x => x.SubstanceId,
                    principalTable: "ActiveSubstances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_ProductSubstances_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "StockLedger",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                BranchId = table.Column<int>(nullable: false),
                ProductId = table.Column<int>(nullable: false),
                Delta = table.Column<int>(nullable: false),
                Balance = table.Column<int>(nullable: false),
                Reason = table.Column<string>(maxLength: 32, nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                OrderId = table.Column<long>(nullable: true),
                ActorId = table.Column<Guid>(nullable: true),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StockLedger", x => x.Id);
                table.ForeignKey(
                    name: "FK_StockLedger_AspNetUsers_ActorId",
                    column: x => x.ActorId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StockLedger_Branches_BranchId",
                    column: x => x.BranchId,
                    principalTable: "Branches",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_StockLedger_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        // The one row of counters; quoted identifiers read the same on SQLite and PostgreSQL.
        migrationBuilder.Sql("INSERT INTO \"CatalogRevisions\" (\"Id\", \"Catalog\", \"Stock\") VALUES (1, 1, 1)");

        migrationBuilder.CreateIndex(
            name: "IX_ActiveSubstances_AtcCode",
            table: "ActiveSubstances",
            column: "AtcCode");

        migrationBuilder.CreateIndex(
            name: "IX_ActiveSubstances_Inn",
            table: "ActiveSubstances",
            column: "Inn",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Branches_Code",
            table: "Branches",
            column: "Code",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_BranchStock_ProductId",
            table: "BranchStock",
            column: "ProductId");

        migrationBuilder.CreateIndex(
            name: "IX_Categories_ParentId_SortOrder",
            table: "Categories",
            columns: new[] { "ParentId", "SortOrder" });

        migrationBuilder.CreateIndex(
            name: "IX_Categories_Slug",
            table: "Categories",
            column: "Slug",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Manufacturers_Name",
            table: "Manufacturers",
            column: "Name",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ProductImages_FileName",
            table: "ProductImages",
            column: "FileName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ProductImages_ProductId_SortOrder",
            table: "ProductImages",
            columns: new[] { "ProductId", "SortOrder" });

        migrationBuilder.CreateIndex(
            name: "IX_Products_Barcode",
            table: "Products",
            column: "Barcode");

        migrationBuilder.CreateIndex(
            name: "IX_Products_CategoryId_IsActive",
            table: "Products",
            columns: new[] { "CategoryId", "IsActive" });

        migrationBuilder.CreateIndex(
            name: "IX_Products_DosageForm",
            table: "Products",
            column: "DosageForm");

        migrationBuilder.CreateIndex(
            name: "IX_Products_ExpiryDate",
            table: "Products",
            column: "ExpiryDate");

        migrationBuilder.CreateIndex(
            name: "IX_Products_ManufacturerId",
            table: "Products",
            column: "ManufacturerId");

        migrationBuilder.CreateIndex(
            name: "IX_Products_Name",
            table: "Products",
            column: "Name");

        migrationBuilder.CreateIndex(
            name: "IX_Products_Popularity",
            table: "Products",
            column: "Popularity");

        migrationBuilder.CreateIndex(
            name: "IX_Products_Price",
            table: "Products",
            column: "Price");

        migrationBuilder.CreateIndex(
            name: "IX_Products_RequiresPrescription",
            table: "Products",
            column: "RequiresPrescription");

        migrationBuilder.CreateIndex(
            name: "IX_Products_Slug",
            table: "Products",
            column: "Slug",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ProductSubstances_SubstanceId",
            table: "ProductSubstances",
            column: "SubstanceId");

        migrationBuilder.CreateIndex(
            name: "IX_StockLedger_ActorId",
            table: "StockLedger",
            column: "ActorId");

        migrationBuilder.CreateIndex(
            name: "IX_StockLedger_BranchId",
            table: "StockLedger",
            column: "BranchId");

        migrationBuilder.CreateIndex(
            name: "IX_StockLedger_OrderId",
            table: "StockLedger",
            column: "OrderId");

        migrationBuilder.CreateIndex(
            name: "IX_StockLedger_ProductId_BranchId_At",
            table: "StockLedger",
            columns: new[] { "ProductId", "BranchId", "At" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "StockLedger");
        migrationBuilder.DropTable(name: "ProductSubstances");
        migrationBuilder.DropTable(name: "ProductImages");
        migrationBuilder.DropTable(name: "BranchStock");
        migrationBuilder.DropTable(name: "Products");
        migrationBuilder.DropTable(name: "Manufacturers");
        migrationBuilder.DropTable(name: "Categories");
        migrationBuilder.DropTable(name: "CatalogRevisions");
        migrationBuilder.DropTable(name: "Branches");
        migrationBuilder.DropTable(name: "ActiveSubstances");
    }
}
