using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// Carts (a user's or a guest's), saved addresses, orders with their price-snapshot lines and their
/// status history. Provider-neutral like the others (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261121140000_Orders")]
public sealed class Orders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SavedAddresses",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                Region = table.Column<string>(maxLength: 64, nullable: false),
                District = table.Column<string>(maxLength: 64, nullable: false),
                Street = table.Column<string>(maxLength: 128, nullable: false),
                House = table.Column<string>(maxLength: 32, nullable: false),
                Apartment = table.Column<string>(maxLength: 32, nullable: true),
                Landmark = table.Column<string>(maxLength: 200, nullable: true),
                Phone = table.Column<string>(maxLength: 13, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LastUsedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SavedAddresses", x => x.Id);
                table.ForeignKey(
                    name: "FK_SavedAddresses_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Orders",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(maxLength: 32, nullable: false),
                Fulfilment = table.Column<string>(maxLength: 16, nullable: false),
                BranchId = table.Column<int>(nullable: false),
                PaymentMethod = table.Column<string>(maxLength: 16, nullable: false),
                AddressRegion = table.Column<string>(maxLength: 64, nullable: true),
                AddressDistrict = table.Column<string>(maxLength: 64, nullable: true),
                AddressStreet = table.Column<string>(maxLength: 128, nullable: true),
                AddressHouse = table.Column<string>(maxLength: 32, nullable: true),
                AddressApartment = table.Column<string>(maxLength: 32, nullable: true),
                AddressLandmark = table.Column<string>(maxLength: 200, nullable: true),
                ContactPhone = table.Column<string>(maxLength: 13, nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                ItemsTotal = table.Column<long>(nullable: false),
                DeliveryFee = table.Column<long>(nullable: false),
                Total = table.Column<long>(nullable: false),
                HasPrescriptionItems = table.Column<bool>(nullable: false),
                IdempotencyKey = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                PaymentDueAt = table.Column<DateTime>(nullable: true),
                CancelledAt = table.Column<DateTime>(nullable: true),
                CancelReason = table.Column<string>(maxLength: 500, nullable: true),
                StockReturnedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Orders", x => x.Id);
                table.ForeignKey(
                    name: "FK_Orders_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Orders_Branches_BranchId",
                    column: x => x.BranchId,
                    principalTable: "Branches",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "OrderHistory",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OrderId = table.Column<long>(nullable: false),
                FromStatus = table.Column<string>(maxLength: 32, nullable: true),
                ToStatus = table.Column<string>(maxLength: 32, nullable: false),
                Actor = table.Column<string>(maxLength: 16, nullable: false),
                ActorId = table.Column<Guid>(nullable: true),
                At = table.Column<DateTime>(nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrderHistory", x => x.Id);
                table.ForeignKey(
                    name: "FK_OrderHistory_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "CartItems",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: true),
                GuestToken = table.Column<string>(maxLength: 64, nullable: true),
                ProductId = table.Column<int>(nullable: false),
                Quantity = table.Column<int>(nullable: false),
                PriceWhenAdded = table.Column<long>(nullable: false),
                AddedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CartItems", x => x.Id);
                table.ForeignKey(
                    name: "FK_CartItems_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_CartItems_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "OrderLines",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OrderId = table.Column<long>(nullable: false),
                ProductId = table.Column<int>(nullable: false),
                ProductName = table.Column<string>(maxLength: 200, nullable: false),
                ProductSlug = table.Column<string>(maxLength: 160, nullable: false),
                Details = table.Column<string>(maxLength: 200, nullable: false),
                Quantity = table.Column<int>(nullable: false),
                UnitPrice = table.Column<long>(nullable: false),
                LineTotal = table.Column<long>(nullable: false),
                RequiresPrescription = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrderLines", x => x.Id);
                table.ForeignKey(
                    name: "FK_OrderLines_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_OrderLines_Products_ProductId",
                    column: x => x.ProductId,
                    principalTable: "Products",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_CartItems_GuestToken_ProductId",
            table: "CartItems",
            columns: new[] { "GuestToken", "ProductId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_CartItems_ProductId",
            table: "CartItems",
            column: "ProductId");

        migrationBuilder.CreateIndex(
            name: "IX_CartItems_UpdatedAt",
            table: "CartItems",
            column: "UpdatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_CartItems_UserId_ProductId",
            table: "CartItems",
            columns: new[] { "UserId", "ProductId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_OrderHistory_OrderId_At",
            table: "OrderHistory",
            columns: new[] { "OrderId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_OrderLines_OrderId",
            table: "OrderLines",
            column: "OrderId");

        migrationBuilder.CreateIndex(
            name: "IX_OrderLines_ProductId",
            table: "OrderLines",
            column: "ProductId");

        migrationBuilder.CreateIndex(
            name: "IX_Orders_BranchId",
            table: "Orders",
            column: "BranchId");

        migrationBuilder.CreateIndex(
            name: "IX_Orders_CreatedAt",
            table: "Orders",
            column: "CreatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Orders_Status_PaymentDueAt",
            table: "Orders",
            columns: new[] { "Status", "PaymentDueAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Orders_UserId_CreatedAt",
            table: "Orders",
            columns: new[] { "UserId", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Orders_UserId_IdempotencyKey",
            table: "Orders",
            columns: new[] { "UserId", "IdempotencyKey" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_SavedAddresses_UserId_LastUsedAt",
            table: "SavedAddresses",
            columns: new[] { "UserId", "LastUsedAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "OrderLines");
        migrationBuilder.DropTable(name: "CartItems");
        migrationBuilder.DropTable(name: "OrderHistory");
        migrationBuilder.DropTable(name: "Orders");
        migrationBuilder.DropTable(name: "SavedAddresses");
    }
}
