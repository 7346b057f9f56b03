package io.dynacart.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Quorum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuorumParamsTest {

    @Test
    void absentParametersKeepTheNodesDefault() {
        assertThat(QuorumParams.withR(Quorum.DEFAULT, null)).isEqualTo(Quorum.DEFAULT);
        assertThat(QuorumParams.withW(Quorum.DEFAULT, null)).isEqualTo(Quorum.DEFAULT);
    }

    @Test
    void presentParametersOverrideOnlyTheirOwnCount() {
        assertThat(QuorumParams.withR(Quorum.DEFAULT, "3")).isEqualTo(new Quorum(3, 3, 2));
        assertThat(QuorumParams.withW(Quorum.DEFAULT, "1")).isEqualTo(new Quorum(3, 2, 1));
    }

    @Test
    void localAsksForAQuorumOfTheCoordinatorsZone() {
        assertThat(QuorumParams.withR(Quorum.DEFAULT, "local")).isEqualTo(new Quorum(3, Quorum.LOCAL, 2));
        assertThat(QuorumParams.withW(Quorum.DEFAULT, "local")).isEqualTo(new Quorum(3, 2, Quorum.LOCAL));
        assertThat(QuorumParams.withW(Quorum.DEFAULT, "local").toString()).isEqualTo("N=3 R=2 W=local");
    }

    @ParameterizedTest(name = "r={0} is a 400 naming r")
    @ValueSource(strings = {"0", "4", "-1", "abc", "", "2.5", "99999999999", "Local", "locals", "local=1"})
    void outOfRangeOrNonNumericRIsABadRequestNamingIt(String r) {
        assertThatThrownBy(() -> QuorumParams.withR(Quorum.DEFAULT, r))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("query parameter r ").hasMessageContaining("from 1 to N=3 or local");
    }

    @ParameterizedTest(name = "w={0} is a 400 naming w")
    @ValueSource(strings = {"0", "4", "x"})
    void outOfRangeOrNonNumericWIsABadRequestNamingIt(String w) {
        assertThatThrownBy(() -> QuorumParams.withW(Quorum.DEFAULT, w)).hasMessageContaining("query parameter w ");
    }
}
