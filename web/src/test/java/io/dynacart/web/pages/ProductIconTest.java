package io.dynacart.web.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.catalog.StandardCatalog;
import org.junit.jupiter.api.Test;

class ProductIconTest {

    @Test
    void iconsAreDeterministicSvgWithTheNamesInitials() {
        Product p = StandardCatalog.catalog().find(ProductId.of("chef-knife")).orElseThrow();
        String svg = ProductIcon.svg(p, 96);
        assertThat(svg).startsWith("<svg").contains(">CK</text>").isEqualTo(ProductIcon.svg(p, 96));
        assertThat(ProductIcon.dataUri(p, 64)).startsWith("data:image/svg+xml;base64,");
        assertThat(ProductIcon.initials("<b> &amp; ?")).isEqualTo("BA");
        assertThatThrownBy(() -> ProductIcon.svg(p, 5000)).hasMessageContaining("16 to 1024");
    }
}
