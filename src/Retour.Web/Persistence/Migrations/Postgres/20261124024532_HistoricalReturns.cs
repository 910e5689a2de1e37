using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HistoricalReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HistoricalReturns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShopReturnId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CustomerEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    CurrencyCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HistoricalReturns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HistoricalReturnLines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ShopLineId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrderLineId = table.Column<Guid>(type: "uuid", nullable: true),
                    MatchedQuantity = table.Column<int>(type: "integer", nullable: false),
                    HistoricalReturnId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HistoricalReturnLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HistoricalReturnLines_HistoricalReturns_HistoricalReturnId",
                        column: x => x.HistoricalReturnId,
                        principalTable: "HistoricalReturns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HistoricalReturnLines_OrderLine_OrderLineId",
                        column: x => x.OrderLineId,
                        principalTable: "OrderLine",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HistoricalReturnLines_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturnLines_HistoricalReturnId",
                table: "HistoricalReturnLines",
                column: "HistoricalReturnId");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturnLines_OrderId",
                table: "HistoricalReturnLines",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturnLines_OrderLineId",
                table: "HistoricalReturnLines",
                column: "OrderLineId");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturnLines_Sku",
                table: "HistoricalReturnLines",
                column: "Sku");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturns_CustomerEmail",
                table: "HistoricalReturns",
                column: "CustomerEmail");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturns_ReturnedAt",
                table: "HistoricalReturns",
                column: "ReturnedAt");

            migrationBuilder.CreateIndex(
                name: "IX_HistoricalReturns_ShopReturnId",
                table: "HistoricalReturns",
                column: "ShopReturnId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HistoricalReturnLines");

            migrationBuilder.DropTable(
                name: "HistoricalReturns");
        }
    }
}
