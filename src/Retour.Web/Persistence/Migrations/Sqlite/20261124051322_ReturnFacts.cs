using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReturnFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReturnFacts",
                columns: table => new
                {
                    ReturnCaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefundedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestToRefundHours = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceiptToRefundHours = table.Column<int>(type: "INTEGER", nullable: true),
                    RefundDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefundInTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    ReturnedValue = table.Column<long>(type: "INTEGER", nullable: false),
                    Refunded = table.Column<long>(type: "INTEGER", nullable: false),
                    StoreCredit = table.Column<long>(type: "INTEGER", nullable: false),
                    GiftCard = table.Column<long>(type: "INTEGER", nullable: false),
                    Exchange = table.Column<long>(type: "INTEGER", nullable: false),
                    RestockingFee = table.Column<long>(type: "INTEGER", nullable: false),
                    ReturnShippingFee = table.Column<long>(type: "INTEGER", nullable: false),
                    OutboundShipping = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelCost = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Restocked = table.Column<long>(type: "INTEGER", nullable: false),
                    Refurbished = table.Column<long>(type: "INTEGER", nullable: false),
                    Repaired = table.Column<long>(type: "INTEGER", nullable: false),
                    ReturnedToVendor = table.Column<long>(type: "INTEGER", nullable: false),
                    SecondHand = table.Column<long>(type: "INTEGER", nullable: false),
                    Recycled = table.Column<long>(type: "INTEGER", nullable: false),
                    Disposed = table.Column<long>(type: "INTEGER", nullable: false),
                    FeedbackRating = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFacts", x => x.ReturnCaseId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Channel_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Channel", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Country_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Country", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_Currency_RequestedAt",
                table: "ReturnFacts",
                columns: new[] { "Currency", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReturnFacts_RequestedAt",
                table: "ReturnFacts",
                column: "RequestedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReturnFacts");
        }
    }
}
